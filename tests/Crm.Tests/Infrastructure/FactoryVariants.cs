namespace Crm.Tests.Infrastructure;

/// <summary>No admin in configuration: a first start on an empty database opens the setup page.</summary>
public sealed class NoAdminAppFactory : CrmAppFactory
{
    public NoAdminAppFactory()
    {
        Settings.Remove("Crm:Admin:Email");
        Settings.Remove("Crm:Admin:Password");
    }
}

/// <summary>Hangfire on, with its in-memory storage, for the dashboard.</summary>
public sealed class HangfireAppFactory : CrmAppFactory
{
    public HangfireAppFactory()
    {
        Settings["Hangfire:Enabled"] = "true";
    }
}
