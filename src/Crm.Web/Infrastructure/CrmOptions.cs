namespace Crm.Web.Infrastructure;

/// <summary>The "Crm" configuration section.</summary>
public sealed class CrmOptions
{
    public const string Section = "Crm";

    public string DataDirectory { get; set; } = "./data";

    /// <summary>The address users open, e.g. https://crm.example.com: every link mailed out starts with it.</summary>
    public string? PublicUrl { get; set; }

    public AdminOptions Admin { get; set; } = new();

    /// <summary>The company's currency (ISO 4217): deals in other currencies are converted to it with the rates admins keep.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>IANA zone pages show times in; stored times are UTC.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    public sealed class AdminOptions
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }
}

/// <summary>Resolved absolute paths under the data folder; everything the app writes lives here.</summary>
public sealed class DataPaths
{
    public DataPaths(string dataDirectory, string contentRoot)
    {
        Root = Path.GetFullPath(Path.IsPathRooted(dataDirectory) ? dataDirectory : Path.Combine(contentRoot, dataDirectory));
    }

    public string Root { get; }
    public string Database => Path.Combine(Root, "crm.db");
    public string Logs => Path.Combine(Root, "logs");
    public string Keys => Path.Combine(Root, "keys");
    public string Mail => Path.Combine(Root, "mail");
    public string Backups => Path.Combine(Root, "backups");
    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Files attached to ticket messages, under generated names.</summary>
    public string Attachments => Path.Combine(Root, "attachments");

    /// <summary>Files attached to queued mail (a scheduled report's workbook), deleted once sent.</summary>
    public string OutboxFiles => Path.Combine(Root, "outbox");

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Logs, Keys, Mail, Backups, Uploads, Attachments })
        {
            Directory.CreateDirectory(dir);
        }
    }

    public static DataPaths From(IConfiguration configuration, string contentRoot) =>
        new(configuration[$"{CrmOptions.Section}:DataDirectory"] is { Length: > 0 } dir ? dir : "./data", contentRoot);
}
