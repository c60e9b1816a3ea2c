using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The home page (/Dashboard): one section per role the user has — a sales rep's own figures, a manager's (or an
/// admin's) team figures, support's and marketing's — over the period and, for those who manage, the member picked.
/// Each section is computed only for the users who see it (docs/decisions/0024).
/// </summary>
public sealed class DashboardPage(
    CrmDbContext db,
    UserTime time,
    TimeProvider clock,
    Settings.FiscalCalendar fiscal,
    CurrencyRates currencies,
    RepFigures rep,
    TeamFigures team,
    SupportFigures support,
    MarketingFigures marketing)
{
    public sealed record Result(
        DashboardQuery Query,
        DashboardPeriod Period,
        DashboardScope? Scope,
        string Currency,
        RepFigures.Result? Rep,
        TeamFigures.Result? Team,
        SupportFigures.Result? Support,
        MarketingFigures.Result? Marketing)
    {
        public bool Manages => Scope is not null;
    }

    /// <summary>Who manages: admins and managers see the team section and may narrow it to a member.</summary>
    public static bool Manages(CrmUser user) => user.IsIn(Roles.Admin) || user.IsIn(Roles.Manager);

    public async Task<Result> Handle(DashboardQuery query, CrmUser user, CancellationToken ct)
    {
        var localNow = time.ToLocal(clock.GetUtcNow().UtcDateTime);
        var day = DateOnly.FromDateTime(localNow);
        var today = new DashboardToday(day, time.ToUtc(day.ToDateTime(TimeOnly.MinValue)), time.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var period = DashboardPeriod.Of(query, day, await fiscal.StartMonthAsync(ct), time);
        var scope = Manages(user) ? await DashboardScope.ForAsync(db, user, query.Owner, ct) : null;
        var normalized = query with { Period = period.Key, From = period.Start, To = period.LastDay, Owner = scope?.Owner, Idle = query.IdleDays };

        // A user in none of the roles below still gets their own figures.
        var isRep = user.IsIn(Roles.Sales) || !(Manages(user) || user.IsIn(Roles.Support) || user.IsIn(Roles.Marketing));
        return new Result(
            normalized,
            period,
            scope,
            await currencies.DefaultAsync(ct),
            isRep ? await rep.Handle(user, period, today, query.IdleDays, ct) : null,
            scope is not null ? await team.Handle(user, scope, period, ct) : null,
            user.IsIn(Roles.Support) ? await support.Handle(user, scope, period, ct) : null,
            user.IsIn(Roles.Marketing) ? await marketing.Handle(user, scope, period, ct) : null);
    }
}
