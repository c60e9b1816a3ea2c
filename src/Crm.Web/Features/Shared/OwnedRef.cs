using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Shared;

/// <summary>A projected record's owner and team, enough for <see cref="RecordAccess.CanEdit"/> without loading the entity.</summary>
public sealed record OwnedRef(string? OwnerId, int? TeamId) : IOwned;
