using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Deals;

/// <summary>The company's currency (Settings, else Crm:Currency) and the rates admins keep for the others.</summary>
public sealed class CurrencyRates(CrmDbContext db, CurrentSettings settings, IOptions<CrmOptions> options)
{
    /// <summary>The currency Crm:Currency names, EUR when it names none: the company's until an admin chooses another.</summary>
    public string Configured => Money.IsCode(options.Value.Currency) ? options.Value.Currency : "EUR";

    public async Task<string> DefaultAsync(CancellationToken ct) =>
        (await settings.GetAsync(ct)).Currency is { } chosen && Money.IsCode(chosen) ? chosen : Configured;

    /// <summary>What one unit of <paramref name="currency"/> is worth in the company's currency; null when no rate is kept for it.</summary>
    public async Task<decimal?> RateAsync(string currency, CancellationToken ct) =>
        currency == await DefaultAsync(ct) ? 1m
            : await db.CurrencyRates.AsNoTracking().Where(r => r.Currency == currency).Select(r => (decimal?)r.Rate).FirstOrDefaultAsync(ct);

    /// <summary>The currencies a deal may be in: the company's first, then those with a rate.</summary>
    public async Task<IReadOnlyList<string>> UsableAsync(CancellationToken ct)
    {
        var home = await DefaultAsync(ct);
        var kept = await db.CurrencyRates.AsNoTracking().Select(r => r.Currency).ToListAsync(ct);
        return [home, .. kept.Where(c => c != home).Order(StringComparer.Ordinal)];
    }
}
