using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// Monthly targets (/Targets): a month, one row per member the user manages (a manager: their teams' members; an admin:
/// every active user) with their target and what they won that month (the deals the user may see). Saving sets every
/// row at once; an empty amount removes the target.
/// </summary>
public sealed class MonthlyTargets(CrmDbContext db, UserTime time, TimeProvider clock, CurrencyRates currencies, IStringLocalizer<SharedResource> l)
{
    public sealed record Row(string UserId, string Name, decimal? Amount, long WonCents);

    public sealed record Page(DateOnly Month, IReadOnlyList<Row> Rows, string Currency)
    {
        public string MonthKey => Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public sealed record FormRow
    {
        [StringLength(450)] public string UserId { get; init; } = string.Empty;
        public decimal? Amount { get; init; }
    }

    public sealed record Form
    {
        [StringLength(7)] public string? Month { get; init; }
        public List<FormRow> Rows { get; init; } = [];
    }

    public static DateOnly? ParseMonth(string? key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 2000 and <= 2200 ? month : null;

    public async Task<Page> ReadAsync(string? monthKey, CrmUser user, IReadOnlyDictionary<string, decimal?>? posted, CancellationToken ct)
    {
        var month = ParseMonth(monthKey) ?? ThisMonth();
        var members = (await DashboardScope.ForAsync(db, user, null, ct)).Members;
        var ids = members.Select(m => m.Id).ToArray();
        var targets = await db.SalesTargets.AsNoTracking().Where(t => t.Month == month && ids.Contains(t.UserId))
            .ToDictionaryAsync(t => t.UserId, t => t.AmountCents, ct);
        var (from, to) = (time.ToUtc(month.ToDateTime(TimeOnly.MinValue)), time.ToUtc(month.AddMonths(1).ToDateTime(TimeOnly.MinValue)));
        var won = await db.Deals.AsNoTracking().VisibleTo(user)
            .Where(d => d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to && d.OwnerId != null && ids.Contains(d.OwnerId))
            .GroupBy(d => d.OwnerId!)
            .Select(g => new { OwnerId = g.Key, Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToDictionaryAsync(w => w.OwnerId, w => w.Cents, ct);
        var rows = members.Select(m => new Row(
                m.Id,
                m.Name,
                posted is not null ? posted.GetValueOrDefault(m.Id) : targets.TryGetValue(m.Id, out var cents) ? Money.FromCents(cents) : null,
                won.GetValueOrDefault(m.Id)))
            .ToList();
        return new Page(month, rows, await currencies.DefaultAsync(ct));
    }

    /// <summary>Checks and saves the month's targets: errors by field ("Rows[2].Amount"), or none once saved; null when a row names a user the user may not set.</summary>
    public async Task<IReadOnlyList<FieldError>?> SaveAsync(Form form, CrmUser user, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (ParseMonth(form.Month) is not DateOnly month)
        {
            errors.Add(new FieldError(nameof(Form.Month), l["Choose a month."]));
            return errors;
        }

        var members = (await DashboardScope.ForAsync(db, user, null, ct)).MemberIds.ToHashSet(StringComparer.Ordinal);
        if (form.Rows.Any(r => !members.Contains(r.UserId)) || form.Rows.Select(r => r.UserId).Distinct(StringComparer.Ordinal).Count() != form.Rows.Count)
        {
            return null;
        }

        for (var i = 0; i < form.Rows.Count; i++)
        {
            if (form.Rows[i].Amount is decimal amount && (amount < 0 || amount > Money.Max || decimal.Round(amount, 2) != amount))
            {
                errors.Add(new FieldError($"{nameof(Form.Rows)}[{i}].{nameof(FormRow.Amount)}", l["The target must be an amount between 0 and {0}, with at most two decimals.", Money.Max.ToString("N0", CultureInfo.CurrentCulture)]));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var ids = form.Rows.Select(r => r.UserId).ToArray();
        var existing = await db.SalesTargets.Where(t => t.Month == month && ids.Contains(t.UserId)).ToDictionaryAsync(t => t.UserId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in form.Rows)
        {
            var current = existing.GetValueOrDefault(row.UserId);
            if (row.Amount is not decimal amount)
            {
                if (current is not null)
                {
                    db.SalesTargets.Remove(current);
                }

                continue;
            }

            var cents = Money.ToCents(amount);
            if (current is null)
            {
                db.SalesTargets.Add(new SalesTarget { UserId = row.UserId, Month = month, AmountCents = cents, SetById = user.Id, UpdatedAt = now });
            }
            else if (current.AmountCents != cents)
            {
                (current.AmountCents, current.SetById, current.UpdatedAt) = (cents, user.Id, now);
            }
        }

        await db.SaveChangesAsync(ct);
        return errors;
    }

    private DateOnly ThisMonth()
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime));
        return new DateOnly(today.Year, today.Month, 1);
    }
}
