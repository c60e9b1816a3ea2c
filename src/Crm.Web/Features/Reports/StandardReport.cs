using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>Where a standard report sits on the Reports page.</summary>
public enum ReportArea
{
    Sales,
    Activity,
    Support,
    Marketing,
    Contacts,
}

/// <summary>A chart of a report: a label per bar (or slice) and one series per measure shown, in the report's order.</summary>
public sealed record ReportChart(string Type, bool Stacked, ReportValueType ValueType, IReadOnlyList<string> Labels, IReadOnlyList<ReportSeries> Series)
{
    public const string Bar = "bar";
    public const string Doughnut = "doughnut";
}

public sealed record ReportSeries(string Label, IReadOnlyList<decimal> Values);

/// <summary>What a standard report shows on its page: the table, the list each row opens (null: none), its chart.</summary>
public sealed record StandardReportResult(StandardReportKey Key, ReportTable Table, IReadOnlyList<string?> Links, ReportChart Chart, string Currency);

/// <summary>
/// Who runs a report and how far it reaches: <see cref="Wide"/> users (the report's roles, docs/decisions/0025) see every
/// record the access rules let them see, narrowed by the owner and team filters; anyone else who may open it sees only
/// the records they own (their own entries and tasks for the activity report), whatever the key says.
/// </summary>
public sealed record ReportScope(CrmUser User, bool Wide);

/// <summary>
/// One of the standard reports: its name in keys and addresses, words, area, who may open it, and its figures, every
/// one aggregated by the database over the records the user may see (<see cref="RecordAccess"/>).
/// </summary>
public abstract class StandardReport(ReportServices services)
{
    protected CrmDbContext Db => services.Db;

    protected IStringLocalizer L => services.L;

    protected RecordKinds Kinds => services.Kinds;

    public abstract string Name { get; }

    /// <summary>An English resource key.</summary>
    public abstract string Title { get; }

    /// <summary>What the report shows, in one line (an English resource key).</summary>
    public abstract string Description { get; }

    public abstract ReportArea Area { get; }

    /// <summary>The kind the report counts: a user who may read none of it may not open the report; null, anyone may.</summary>
    protected abstract RecordKind? Kind { get; }

    /// <summary>The roles that see every record they may see in the report; others see their own.</summary>
    protected abstract IReadOnlySet<string> WideRoles { get; }

    public virtual bool HasPeriod => true;

    public virtual bool HasBy => false;

    /// <summary>The period when the key sets none: the current month so far; null, all time.</summary>
    protected virtual bool DefaultsToThisMonth => false;

    public bool MayOpen(CrmUser user) => Kind is null || user.Access(Kind).ReadScope(user) != AccessScope.None;

    public ReportScope ScopeFor(CrmUser user) => new(user, user.Roles.Overlaps(WideRoles));

    /// <summary>The key with what the report applies by default written in (the period), so the page shows it and an export repeats it.</summary>
    public StandardReportKey Resolve(StandardReportKey key)
    {
        if (!HasPeriod)
        {
            return key with { From = null, To = null };
        }

        if (!key.HasPeriod && DefaultsToThisMonth)
        {
            var today = services.Today;
            return key with { From = new DateOnly(today.Year, today.Month, 1), To = today };
        }

        return key;
    }

    public async Task<StandardReportResult> RunAsync(StandardReportKey key, ReportScope scope, CancellationToken ct)
    {
        key = Resolve(key) with { By = HasBy ? key.By : null };
        var currency = await services.Currencies.DefaultAsync(ct);
        var (table, links, chart) = await ComputeAsync(key, scope, currency, ct);
        var filters = await FiltersAsync(key, scope, ct);
        return new StandardReportResult(key, new ReportTable(Title, table.Columns, table.Rows, filters), links, chart, currency);
    }

    protected abstract Task<(ReportTable Table, IReadOnlyList<string?> Links, ReportChart Chart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct);

    /// <summary>The period's bounds as stored times: local midnight of <c>from</c>, local midnight after <c>to</c>.</summary>
    protected (DateTime? Start, DateTime? End) Bounds(StandardReportKey key) =>
        (key.From is { } f ? services.Time.ToUtc(f.ToDateTime(TimeOnly.MinValue)) : null,
         key.To is { } t ? services.Time.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue)) : null);

    /// <summary>The records of the owner and team filters; a user who is not wide: their own only.</summary>
    protected static IQueryable<T> Narrow<T>(IQueryable<T> records, StandardReportKey key, ReportScope scope)
        where T : class, IOwned
    {
        if (!scope.Wide)
        {
            var me = scope.User.Id;
            return records.Where(r => r.OwnerId == me);
        }

        records = records.OwnedAs(key.Owner, scope.User);
        return key.Team is int team ? records.Where(r => r.TeamId == team) : records;
    }

    /// <summary>Users' names by id ("" ids skipped), for rows and filters.</summary>
    protected async Task<Dictionary<string, string>> UserNamesAsync(IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var users = await Db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName);
    }

    /// <summary>A column whose header is a resource key, as the contract asks.</summary>
    protected static ReportColumn Column(string key, string header, ReportValueType type, string? currency = null, int width = 18) =>
        new(key, header, type, currency, width);

    /// <summary>A list's address with the filters that are set.</summary>
    protected static string Link(string path, params (string Name, string? Value)[] parameters) =>
        path + Microsoft.AspNetCore.Http.QueryString.Create(parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    protected static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The owner parameter of a list for a row's owner (no owner: "unowned").</summary>
    protected static string OwnerParameter(string? ownerId) => ownerId ?? ListQuery.OwnerNobody;

    protected string Label(Enum value) => L[EnumLabels.Of(value)];

    private async Task<IReadOnlyList<ReportFilter>> FiltersAsync(StandardReportKey key, ReportScope scope, CancellationToken ct)
    {
        var filters = new List<ReportFilter>();
        if (HasPeriod)
        {
            var culture = CultureInfo.CurrentCulture;
            filters.Add(new(L["Period"], (key.From, key.To) switch
            {
                (null, null) => L["All time"],
                ({ } f, null) => L["From {0}", f.ToString("d", culture)],
                (null, { } t) => L["Until {0}", t.ToString("d", culture)],
                ({ } f, { } t) => L["{0} to {1}", f.ToString("d", culture), t.ToString("d", culture)],
            }));
        }

        if (!scope.Wide)
        {
            var me = (await UserNamesAsync([scope.User.Id], ct)).GetValueOrDefault(scope.User.Id, scope.User.Id);
            filters.Add(new(L["Owner"], L["{0} (your own records only)", me]));
            return filters;
        }

        if (key.Owner is { } owner)
        {
            filters.Add(new(L["Owner"], owner switch
            {
                ListQuery.OwnerNobody => L["No owner"],
                ListQuery.OwnerMe => (await UserNamesAsync([scope.User.Id], ct)).GetValueOrDefault(scope.User.Id, scope.User.Id),
                _ => (await UserNamesAsync([owner], ct)).GetValueOrDefault(owner, owner),
            }));
        }

        if (key.Team is int team)
        {
            var name = await Db.Teams.AsNoTracking().Where(t => t.Id == team).Select(t => t.Name).FirstOrDefaultAsync(ct);
            filters.Add(new(L["Team"], name ?? team.ToString(CultureInfo.CurrentCulture)));
        }

        if (HasBy)
        {
            filters.Add(new(L["Grouped by"], key.By == StandardReportKey.ByQueue ? L["Queue"] : L["Priority"]));
        }

        return filters;
    }
}

/// <summary>What every standard report reads with, in one service so that each report's constructor stays one line.</summary>
public sealed class ReportServices(CrmDbContext db, IStringLocalizer<SharedResource> l, UserTime time, TimeProvider clock, CurrencyRates currencies, RecordKinds kinds)
{
    public CrmDbContext Db => db;

    public IStringLocalizer L => l;

    public UserTime Time => time;

    public CurrencyRates Currencies => currencies;

    public RecordKinds Kinds => kinds;

    public DateOnly Today => DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime));
}
