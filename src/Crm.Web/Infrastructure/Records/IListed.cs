using Crm.Web.Infrastructure.Auth;

namespace Crm.Web.Infrastructure.Records;

/// <summary>A record a list pages through: sorted by owner's name and last activity as well as its own name and creation.</summary>
public interface IListed : IOwned, ITracked
{
    AppUser? Owner { get; }

    DateTime? LastActivityAt { get; }
}
