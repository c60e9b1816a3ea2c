using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Products;
using Crm.Web.Features.Imports;
using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Search;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// The one context of the app. Each provider has a subclass that owns its migration set
/// (EF Core "migrations with multiple providers", one context type per provider).
/// </summary>
public abstract class CrmDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<CompanyTag> CompanyTags => Set<CompanyTag>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactEmail> ContactEmails => Set<ContactEmail>();
    public DbSet<ContactPhone> ContactPhones => Set<ContactPhone>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealTag> DealTags => Set<DealTag>();
    public DbSet<DealContact> DealContacts => Set<DealContact>();
    public DbSet<DealLine> DealLines => Set<DealLine>();
    public DbSet<DealStageChange> DealStageChanges => Set<DealStageChange>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();
    public DbSet<CurrencyRate> CurrencyRates => Set<CurrencyRate>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<ListPreference> ListPreferences => Set<ListPreference>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<DuplicateDismissal> DuplicateDismissals => Set<DuplicateDismissal>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.Tasks.CrmTask> Tasks => Set<Features.Tasks.CrmTask>();
    public DbSet<Features.Tasks.TaskTag> TaskTags => Set<Features.Tasks.TaskTag>();
    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();
    public DbSet<Features.Notifications.Reminder> Reminders => Set<Features.Notifications.Reminder>();
    public DbSet<Email.OutboxMessage> Outbox => Set<Email.OutboxMessage>();
    public DbSet<Features.Tickets.Ticket> Tickets => Set<Features.Tickets.Ticket>();
    public DbSet<Features.Tickets.TicketMessage> TicketMessages => Set<Features.Tickets.TicketMessage>();
    public DbSet<Features.Tickets.TicketAttachment> TicketAttachments => Set<Features.Tickets.TicketAttachment>();
    public DbSet<Features.Tickets.TicketTag> TicketTags => Set<Features.Tickets.TicketTag>();
    public DbSet<Features.Tickets.SlaPolicy> SlaPolicies => Set<Features.Tickets.SlaPolicy>();
    public DbSet<Features.Workflows.WorkflowRule> WorkflowRules => Set<Features.Workflows.WorkflowRule>();
    public DbSet<Features.Workflows.WorkflowRun> WorkflowRuns => Set<Features.Workflows.WorkflowRun>();
    public DbSet<Features.Workflows.WorkflowRunStep> WorkflowRunSteps => Set<Features.Workflows.WorkflowRunStep>();
    public DbSet<Features.Workflows.WorkflowCursor> WorkflowCursors => Set<Features.Workflows.WorkflowCursor>();
    public DbSet<Features.Campaigns.Campaign> Campaigns => Set<Features.Campaigns.Campaign>();
    public DbSet<Features.Campaigns.CampaignMember> CampaignMembers => Set<Features.Campaigns.CampaignMember>();
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();
    public DbSet<SearchWord> SearchWords => Set<SearchWord>();
    public DbSet<Features.Segments.Segment> Segments => Set<Features.Segments.Segment>();
    public DbSet<Features.Segments.SegmentTag> SegmentTags => Set<Features.Segments.SegmentTag>();
    public DbSet<Features.Segments.SegmentMember> SegmentMembers => Set<Features.Segments.SegmentMember>();
    public DbSet<Features.WebForms.WebForm> WebForms => Set<Features.WebForms.WebForm>();
    public DbSet<Features.Contacts.ConsentChange> ConsentChanges => Set<Features.Contacts.ConsentChange>();
    public DbSet<Features.CustomFields.CustomField> CustomFields => Set<Features.CustomFields.CustomField>();
    public DbSet<Features.CustomFields.CustomFieldValue> CustomFieldValues => Set<Features.CustomFields.CustomFieldValue>();
    public DbSet<Features.Reports.Builder.SavedReport> SavedReports => Set<Features.Reports.Builder.SavedReport>();
    public DbSet<Features.Dashboard.SalesTarget> SalesTargets => Set<Features.Dashboard.SalesTarget>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);

        // Every row the recycle bin holds may have gone there with another record; restore and purge find them by it.
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(Records.ISoftDeletable).IsAssignableFrom(t.ClrType)).ToList())
        {
            var entity = builder.Entity(type.ClrType);
            entity.Property(nameof(Records.ISoftDeletable.DeletedWith)).HasMaxLength(Records.ISoftDeletable.DeletedWithLength);
            entity.HasIndex(nameof(Records.ISoftDeletable.DeletedWith));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC and must come back as UTC whatever the provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        Features.Tickets.TicketQueueColumns.Configure(builder, sqlite: true);
        SqlDuration.Configure(builder, sqlite: true);

        // SQLite uses an index for a prefix LIKE only on NOCASE columns. The keys are lower case already,
        // so NOCASE changes no result; it makes search an index range instead of a scan.
        foreach (var property in builder.Model.GetEntityTypes()
                     .Where(t => t.ClrType.Namespace?.StartsWith("Crm.Web.Features", StringComparison.Ordinal) == true)
                     .SelectMany(t => t.GetProperties())
                     .Where(p => p.ClrType == typeof(string) && (p.Name.EndsWith("Key", StringComparison.Ordinal) || p.Name is "SortName" or "PhoneE164" or "E164")))
        {
            property.SetCollation("NOCASE");
        }

        builder.Entity<SearchWord>().Property(w => w.Word).UseCollation("NOCASE");
    }
}

public sealed class SqlServerCrmDbContext(DbContextOptions<SqlServerCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        Features.Tickets.TicketQueueColumns.Configure(builder, sqlite: false);
        SqlDuration.Configure(builder, sqlite: false);
    }
}
