using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Settings;

/// <summary>What an admin sets for the whole company at /Admin/Settings: one row.</summary>
public sealed class OrganisationSettings
{
    public const int SingletonId = 1;
    public const int MaxCompanyNameLength = 100;
    public const int MinRetentionDays = 30;
    public const int MaxBackupsToKeep = 90;
    public const int MaxBinRetentionDays = 3650;
    public const int TimeZoneLength = 64;

    public int Id { get; set; } = SingletonId;

    /// <summary>Shown beside the app's name in the navigation bar and page titles; null, none.</summary>
    public string? CompanyName { get; set; }

    /// <summary>How long record history and the security log are kept; null, for ever.</summary>
    public int? AuditRetentionDays { get; set; }

    /// <summary>Whether the nightly job copies the SQLite database into the data folder's backups.</summary>
    public bool NightlyBackup { get; set; } = true;

    /// <summary>How many of the nightly and "back up now" copies are kept (copies taken before an upgrade are never removed).</summary>
    public int BackupsToKeep { get; set; } = 7;

    /// <summary>How many days a deleted record stays in the recycle bin before the nightly job removes it for good.</summary>
    public int RecycleBinRetentionDays { get; set; } = RecycleBin.RecycleBinPurge.DefaultRetentionDays;

    /// <summary>The month (1 to 12) the company's fiscal year starts in; forecasts and reports read it through <see cref="FiscalCalendar"/>.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>The company's IANA time zone ("Europe/Paris"); null, the server's configured one (Crm:TimeZone).</summary>
    public string? TimeZone { get; set; }

    /// <summary>The company's business hours (<see cref="CompanyHours"/>), shared with the SLA policies that use them; null, none set.</summary>
    public string? BusinessHours { get; set; }

    /// <summary>
    /// The company's currency (ISO code): deals are converted to it, rates are kept against it, product prices are in it;
    /// null, the configured one (Crm:Currency). Changed only through <see cref="Admin.DefaultCurrencyChange"/>, which
    /// re-bases every amount kept in it.
    /// </summary>
    public string? Currency { get; set; }

    /// <summary>Admins must set up two-step sign-in: until they do, every page sends them to its setup.</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}

public sealed class OrganisationSettingsConfiguration : IEntityTypeConfiguration<OrganisationSettings>
{
    public void Configure(EntityTypeBuilder<OrganisationSettings> builder)
    {
        builder.ToTable("OrganisationSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.CompanyName).HasMaxLength(OrganisationSettings.MaxCompanyNameLength);
        builder.Property(s => s.RecycleBinRetentionDays).HasDefaultValue(RecycleBin.RecycleBinPurge.DefaultRetentionDays);
        builder.Property(s => s.FiscalYearStartMonth).HasDefaultValue(1);
        builder.Property(s => s.TimeZone).HasMaxLength(OrganisationSettings.TimeZoneLength);
        builder.Property(s => s.BusinessHours).HasMaxLength(CompanyHours.MaxLength);
        builder.Property(s => s.Currency).HasMaxLength(3);
    }
}

/// <summary>The settings row, read once a minute at most (every page shows the company name), dropped when saved.</summary>
public sealed class SettingsCache(TimeProvider clock) : SavedChangesCache<OrganisationSettings>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(EntityEntry entry) => entry.Entity is OrganisationSettings;
}

public sealed class CurrentSettings(CrmDbContext db, SettingsCache cache)
{
    public Task<OrganisationSettings> GetAsync(CancellationToken ct) =>
        cache.GetAsync("settings", async token =>
            await db.Set<OrganisationSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == OrganisationSettings.SingletonId, token)
            ?? new OrganisationSettings(), ct);
}
