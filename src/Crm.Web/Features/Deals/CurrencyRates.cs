using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Deals;

/// <summary>The company's currency and the rates admins keep for the others.</summary>
public sealed class CurrencyRates(CrmDbContext db, IOptions<CrmOptions> options)
{
    public string Default => Money.IsCode(options.Value.Currency) ? options.Value.Currency : "EUR";

    /// <summary>What one unit of <paramref name="currency"/> is worth in the company's currency; null when no rate is kept for it.</summary>
    public async Task<decimal?> RateAsync(string currency, CancellationToken ct) =>
        currency == Default ? 1m
            : await db.CurrencyRates.AsNoTracking().Where(r => r.Currency == currency).Select(r => (decimal?)r.Rate).FirstOrDefaultAsync(ct);

    /// <summary>The currencies a deal may be in: the company's first, then those with a rate.</summary>
    public async Task<IReadOnlyList<string>> UsableAsync(CancellationToken ct)
    {
        var kept = await db.CurrencyRates.AsNoTracking().Select(r => r.Currency).ToListAsync(ct);
        return [Default, .. kept.Where(c => c != Default).Order(StringComparer.Ordinal)];
    }
}
