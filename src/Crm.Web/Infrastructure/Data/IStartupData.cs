namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Data a feature needs before anyone uses it (a first pipeline), written at start-up after the migrations when it is
/// missing, never over what users changed. Registered by the feature's Setup; run by <c>Startup.PrepareDatabaseAsync</c>.
/// </summary>
public interface IStartupData
{
    Task EnsureAsync(CancellationToken ct);
}
