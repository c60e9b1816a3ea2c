namespace Crm.Web.Features.Shared;

/// <summary>What an area that is not built yet shows: a proper empty page, never an error.</summary>
public sealed record ComingSoon(string Title, string Icon, string Description);
