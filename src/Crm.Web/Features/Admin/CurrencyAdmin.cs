using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>The rates admins keep for currencies other than the company's, and what a new rate does to open deals.</summary>
public sealed class CurrencyAdmin(CrmDbContext db, CurrencyRates rates, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int RecomputeBatch = 500;

    /// <summary>The decimals a rate keeps (the column's scale): a rate with more is refused, never rounded silently.</summary>
    public const int RateDecimals = 8;

    public sealed record RateForm(string? Currency, string? Rate);

    public sealed record RateRow(string Currency, decimal Rate, DateTime UpdatedAt, int OpenDeals);

    public Task<string> DefaultAsync(CancellationToken ct) => rates.DefaultAsync(ct);

    public async Task<IReadOnlyList<RateRow>> ListAsync(CancellationToken ct)
    {
        var kept = await db.CurrencyRates.AsNoTracking().OrderBy(r => r.Currency).ToListAsync(ct);
        var open = await db.Deals.Where(d => d.Status == DealStatus.Open).GroupBy(d => d.Currency)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return kept.Select(r => new RateRow(r.Currency, r.Rate, r.UpdatedAt, open.GetValueOrDefault(r.Currency))).ToList();
    }

    /// <summary>Adds a rate or changes the one kept; then converts the open deals in that currency again.</summary>
    public async Task<Outcome<string>> SaveAsync(RateForm form, CancellationToken ct)
    {
        var code = form.Currency?.Trim() ?? string.Empty;
        if (!Money.IsCode(code))
        {
            return Invalid(l["The currency is an ISO code of 3 capital letters, such as USD."]);
        }

        if (code == await rates.DefaultAsync(ct))
        {
            return Invalid(l["{0} is the company's currency: its rate is always 1.", code]);
        }

        if (!AdminInput.TryDecimal(form.Rate, out var rate) || rate <= 0m || rate >= 1_000_000_000m)
        {
            return Invalid(l["The rate is a number greater than 0."]);
        }

        if (!AdminInput.HasAtMost(rate, RateDecimals))
        {
            return Invalid(l["The rate has at most {0} decimals.", RateDecimals]);
        }

        var kept = await db.CurrencyRates.FirstOrDefaultAsync(r => r.Currency == code, ct);
        if (kept is null)
        {
            kept = new CurrencyRate { Currency = code };
            db.CurrencyRates.Add(kept);
        }

        var changed = kept.Rate != rate;
        kept.Rate = rate;
        kept.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (changed)
        {
            await RecomputeOpenDealsAsync(code, rate, ct);
        }

        return Outcome.Done(code);
    }

    /// <summary>Forgets a rate no open deal is in (they could no longer be converted).</summary>
    public async Task<Outcome<string>> RemoveAsync(string code, CancellationToken ct)
    {
        var kept = await db.CurrencyRates.FirstOrDefaultAsync(r => r.Currency == code, ct);
        if (kept is null)
        {
            return Outcome.NotFound;
        }

        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.Currency == code && d.Status == DealStatus.Open, ct))
        {
            return Invalid(l["Open deals are in {0}: keep its rate until they are closed or changed.", code]);
        }

        db.CurrencyRates.Remove(kept);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(code);
    }

    /// <summary>
    /// Converts the open deals in <paramref name="code"/> again at the new rate, by batches, with a direct UPDATE of the
    /// converted amount only. Their version is NOT bumped and no history is written on purpose: nobody edited the deals
    /// (their own amount and currency are unchanged), so a user with one of them open in a form must not get a conflict
    /// for an admin's rate change; the rate's own UpdatedAt says when the conversion changed. Won and lost deals keep the
    /// amount converted when they closed, which the forecast's "won" figures read.
    /// </summary>
    private async Task RecomputeOpenDealsAsync(string code, decimal rate, CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var batch = await db.Deals.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.Currency == code && d.Status == DealStatus.Open && d.Id > after)
                .OrderBy(d => d.Id).Take(RecomputeBatch)
                .Select(d => new { d.Id, d.AmountCents, d.AmountDefaultCents }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var deal in batch)
            {
                var converted = Money.ToCents(Money.FromCents(deal.AmountCents) * rate);
                if (converted != deal.AmountDefaultCents)
                {
                    await db.Deals.IgnoreQueryFilters().Where(d => d.Id == deal.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.AmountDefaultCents, converted), ct);
                }
            }

            await transaction.CommitAsync(ct);
            after = batch[^1].Id;
        }
    }

    private static Outcome.Failure Invalid(string message) => Outcome.Invalid([new FieldError(string.Empty, message)]);
}
