using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Workflows;

/// <summary>A clock the tests move by hand: retries, waits and "no activity for N days" without waiting.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Ahead;

    public void Advance(TimeSpan by) => Ahead += by;
}

/// <summary>The app with a movable clock and helpers to write rules and run the workflow job as Hangfire would.</summary>
public class WorkflowTestApp : CrmAppFactory
{
    public WorkflowTestApp()
    {
    }

    private WorkflowTestApp(string dataDirectory, MovableClock clock)
        : base(dataDirectory, ownsDataDirectory: false)
    {
        Clock = clock;
    }

    /// <summary>A second instance on the same data folder (the same SQLite database), sharing the clock.</summary>
    public WorkflowTestApp SecondInstance() => new(DataDirectory, Clock);

    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Saves a rule as it is, enabled, with no checks (tests of what the engine does with a bad rule use this too).</summary>
    public Task<int> AddRuleAsync(WorkflowRule rule) => WithDbAsync(async db =>
    {
        rule.Enabled = true;
        rule.Name = rule.Name.Length > 0 ? rule.Name : "Rule " + Guid.NewGuid().ToString("N")[..6];
        rule.CreatedAt = rule.UpdatedAt = Clock.GetUtcNow().UtcDateTime;
        db.WorkflowRules.Add(rule);
        await db.SaveChangesAsync();
        return rule.Id;
    });

    /// <summary>The recurring job once: reads the change events, sweeps the time triggers, runs the due steps.</summary>
    public Task RunJobAsync() => WithScopeAsync(sp => sp.GetRequiredService<WorkflowJob>().Run(CancellationToken.None));

    public Task<List<WorkflowRun>> RunsAsync(int ruleId) => WithDbAsync(db =>
        db.WorkflowRuns.AsNoTracking().Include(r => r.Steps).Where(r => r.RuleId == ruleId).OrderBy(r => r.Id).ToListAsync());

    public Task<AppUser> OwnerAsync() =>
        CreateUserAsync($"owner-{Guid.NewGuid():N}@tests.crm", "Owner-Pass-2026", Roles.Sales);

    public Task<int> AddContactAsync(string lastName, string? ownerId, Action<Contact>? shape = null) => WithDbAsync(async db =>
    {
        var contact = new Contact { FirstName = "Anne", LastName = lastName, OwnerId = ownerId };
        shape?.Invoke(contact);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    });

    public Task UpdateContactAsync(int id, Action<Contact> change) => WithDbAsync(async db =>
    {
        var contact = await db.Contacts.FirstAsync(c => c.Id == id);
        change(contact);
        await db.SaveChangesAsync();
    });

    public Task<int> TaskCountAsync(int recordId, string kind = ContactKind.Key) =>
        WithDbAsync(db => db.Tasks.CountAsync(t => t.RecordKind == kind && t.RecordId == recordId));

    public Task<long> AuditCountAsync() => WithDbAsync(db => db.AuditEntries.LongCountAsync());

    /// <summary>Makes the changes so far old news for the reader (a test's arrangement should trigger nothing).</summary>
    public Task SkipPastEventsAsync() => WithDbAsync(async db =>
    {
        var last = await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;
        await db.WorkflowCursors.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventId, last));
    });

    public static WorkflowAction Task(string title, int days = 1) =>
        new(WorkflowActionType.CreateTask) { Text = title, Days = days, Assignee = WorkflowAssignee.Owner };
}
