using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Settings;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// Makes another currency the company's (decision 0022). Every amount kept "in the company's currency" is re-based in
/// one transaction: the rates are re-expressed against the new currency (the old one gets a rate), open deals are
/// converted again from their own amount, won, lost and deleted deals' converted amounts and the stage history's are
/// divided by the new currency's rate, product prices and money custom fields' values are converted. Deals' own amounts
/// and currencies never change.
/// Written to the security log.
/// </summary>
public sealed class DefaultCurrencyChange(CrmDbContext db, CurrencyRates rates, SecurityLog log, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public sealed record RateChange(string Currency, decimal? Before, decimal After);

    /// <summary>
    /// What the change will do: <paramref name="Rate"/> is what one unit of <paramref name="To"/> is worth in
    /// <paramref name="From"/> (the rate kept today), which the confirmation posts back so a rate changed meanwhile is noticed.
    /// </summary>
    public sealed record Preview(string From, string To, decimal Rate, IReadOnlyList<RateChange> Rates, int OpenDeals, int OtherDeals, int Moves, int Products, int MoneyValues)
    {
        public string RateText => Rate.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<Outcome<Preview>> PreviewAsync(string? code, CancellationToken ct)
    {
        var to = code?.Trim().ToUpperInvariant() ?? string.Empty;
        var from = await rates.DefaultAsync(ct);
        if (!Money.IsCode(to))
        {
            return Invalid(l["Choose a currency from the list."]);
        }

        if (to == from)
        {
            return Invalid(l["{0} is already the company's currency.", to]);
        }

        var kept = await db.CurrencyRates.AsNoTracking().OrderBy(r => r.Currency).ToListAsync(ct);
        if (kept.FirstOrDefault(r => r.Currency == to) is not { } rate)
        {
            return Invalid(l["No exchange rate is kept for {0}: add it under Pipelines and currencies first (the amounts are converted with it).", to]);
        }

        var changes = new List<RateChange> { new(from, null, Rebased(1m, rate.Rate)) };
        changes.AddRange(kept.Where(r => r.Currency != to).Select(r => new RateChange(r.Currency, r.Rate, Rebased(r.Rate, rate.Rate))));
        if (changes.Where(c => c.After <= 0m || c.After >= 1_000_000_000m).Select(c => c.Currency).ToList() is { Count: > 0 } outOfRange)
        {
            return Invalid(l["Against {0}, the rate of {1} would be out of range: remove that rate first.", to, string.Join(", ", outOfRange)]);
        }

        var deals = db.Deals.IgnoreQueryFilters();
        return Outcome.Done(new Preview(
            from,
            to,
            rate.Rate,
            changes.OrderBy(c => c.Currency, StringComparer.Ordinal).ToList(),
            await deals.CountAsync(d => d.Status == DealStatus.Open && d.DeletedAt == null, ct),
            await deals.CountAsync(d => d.Status != DealStatus.Open || d.DeletedAt != null, ct),
            await db.DealStageChanges.CountAsync(ct),
            await db.Products.IgnoreQueryFilters().CountAsync(ct),
            await MoneyValues().CountAsync(ct)));
    }

    /// <summary>Re-bases everything on <paramref name="code"/> when its rate is still <paramref name="confirmedRate"/>, the one the admin saw.</summary>
    public async Task<Outcome<Preview>> ApplyAsync(string? code, string? confirmedRate, string actorId, CancellationToken ct)
    {
        var preview = await PreviewAsync(code, ct);
        if (!preview.IsDone)
        {
            return preview;
        }

        var plan = preview.Value!;
        if (!decimal.TryParse(confirmedRate, NumberStyles.Number, CultureInfo.InvariantCulture, out var seen) || seen != plan.Rate)
        {
            return Invalid(l["The rate of {0} changed since the confirmation was shown: check what will change again.", plan.To]);
        }

        var divisor = (double)plan.Rate;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);

            // Closed and deleted deals keep the value they were converted at, re-expressed; open deals are converted
            // again below from their own amount, as saving them would.
            await db.Deals.IgnoreQueryFilters()
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.AmountDefaultCents, d => (long)Math.Round(d.AmountDefaultCents / divisor)), token);
            await db.DealStageChanges
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AmountDefaultCents, c => (long)Math.Round(c.AmountDefaultCents / divisor)), token);
            await db.Products.IgnoreQueryFilters()
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.UnitPriceCents, p => (long)Math.Round(p.UnitPriceCents / divisor)), token);
            await MoneyValues()
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Number, v => Math.Round(v.Number!.Value / divisor)), token);
            foreach (var change in plan.Rates.Append(new RateChange(plan.To, plan.Rate, 1m)))
            {
                var factor = (double)change.After;
                var currency = change.Currency;
                await db.Deals.IgnoreQueryFilters().Where(d => d.Currency == currency && d.Status == DealStatus.Open)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.AmountDefaultCents, d => (long)Math.Round(d.AmountCents * factor)), token);
            }

            var kept = await db.CurrencyRates.ToListAsync(token);
            db.CurrencyRates.RemoveRange(kept.Where(r => r.Currency == plan.To));
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var change in plan.Rates)
            {
                if (kept.FirstOrDefault(r => r.Currency == change.Currency) is { } row)
                {
                    row.Rate = change.After;
                    row.UpdatedAt = now;
                }
                else
                {
                    db.CurrencyRates.Add(new CurrencyRate { Currency = change.Currency, Rate = change.After, UpdatedAt = now });
                }
            }

            var settings = await db.Set<OrganisationSettings>().SingleOrDefaultAsync(s => s.Id == OrganisationSettings.SingletonId, token);
            if (settings is null)
            {
                settings = new OrganisationSettings();
                db.Add(settings);
            }

            settings.Currency = plan.To;
            log.Add(SecurityEventKind.CurrencyChanged, null, actorId,
                string.Create(CultureInfo.InvariantCulture, $"{plan.From} → {plan.To} (1 {plan.To} = {plan.Rate} {plan.From})"));
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        return preview;
    }

    /// <summary>The values of money custom fields (removed ones too, restorable with their values): amounts in the company's currency, in cents.</summary>
    private IQueryable<CustomFields.CustomFieldValue> MoneyValues() =>
        db.CustomFieldValues.Where(v => v.Number != null && db.CustomFields.Any(f => f.Id == v.FieldId && f.Type == CustomFields.CustomFieldType.Money));

    /// <summary>A rate against the old currency re-expressed against the new one, to the decimals a rate keeps.</summary>
    private static decimal Rebased(decimal rate, decimal newCurrencyRate) =>
        decimal.Round(rate / newCurrencyRate, CurrencyAdmin.RateDecimals, MidpointRounding.AwayFromZero);

    private static Outcome.Failure Invalid(string message) => Outcome.Invalid([new FieldError("Currency", message)]);
}
