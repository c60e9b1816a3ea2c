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

/// <summary>The per-address limits as low as a test can reach them: 3 failed sign-ins, 2 reset requests.</summary>
public sealed class LowRateLimitsAppFactory : CrmAppFactory
{
    public LowRateLimitsAppFactory()
    {
        Settings["Crm:RateLimits:FailedSignIns"] = "3";
        Settings["Crm:RateLimits:PasswordResets"] = "2";
        Settings["Crm:PublicUrl"] = "https://crm.example.com";
    }
}
