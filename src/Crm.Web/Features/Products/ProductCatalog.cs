using System.Globalization;
using Crm.Web.Features.Admin;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Products;

/// <summary>
/// The catalogue deal lines pick from: found by name or code, page by page; added, changed, deactivated (no longer
/// offered to new lines, kept on the lines that have it) and reactivated by admins and managers.
/// </summary>
public sealed class ProductCatalog(CrmDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 50;

    /// <summary>The form as typed: numbers are text, read exactly by <see cref="AdminInput"/> (never through a double).</summary>
    public sealed record Form(string? Name, string? Code, string? UnitPrice, string? VatRate, bool Active = true)
    {
        /// <summary>A stored product as its form shows it: the price with its cents ("1250.50", not "1250.5").</summary>
        public static Form Of(Product p) => new(p.Name, p.Code, Money.FromCents(p.UnitPriceCents).ToString("0.00", CultureInfo.InvariantCulture),
            p.VatRate.ToString("0.##", CultureInfo.InvariantCulture), p.Active);
    }

    public sealed record Row(int Id, string Name, string? Code, long UnitPriceCents, decimal VatRate, bool Active)
    {
        public long PriceWithVatCents => Money.ToCents(Money.FromCents(UnitPriceCents) * (1m + (VatRate / 100m)));
    }

    public sealed record Page(string? Search, bool Inactive, int Number, IReadOnlyList<Row> Rows, bool HasMore, bool CatalogueEmpty);

    public async Task<Page> ListAsync(string? search, bool inactive, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var query = db.Products.AsNoTracking().Where(p => inactive || p.Active);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(p => EF.Functions.Like(p.Name, "%" + term + "%") || (p.Code != null && EF.Functions.Like(p.Code, "%" + term + "%")));
        }

        var rows = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(p => new Row(p.Id, p.Name, p.Code, p.UnitPriceCents, p.VatRate, p.Active)).ToListAsync(ct);
        var empty = rows.Count == 0 && !await db.Products.AnyAsync(ct);
        return new Page(search, inactive, page, rows.Take(PageSize).ToList(), rows.Count > PageSize, empty);
    }

    public Task<Product?> FindAsync(int id, CancellationToken ct) => db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <param name="id">Null adds a product.</param>
    public async Task<Outcome<int>> SaveAsync(int? id, Form form, CancellationToken ct)
    {
        var product = id is int existing ? await db.Products.FirstOrDefaultAsync(p => p.Id == existing, ct) : new Product();
        if (product is null)
        {
            return Outcome.NotFound;
        }

        var errors = new List<FieldError>();
        var name = form.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new(nameof(Form.Name), l["Name the product."]));
        }
        else if (name.Length > Product.MaxNameLength)
        {
            errors.Add(new(nameof(Form.Name), l["The name must be at most {0} characters.", Product.MaxNameLength]));
        }

        var code = string.IsNullOrWhiteSpace(form.Code) ? null : form.Code.Trim();
        if (code?.Length > Product.MaxCodeLength)
        {
            errors.Add(new(nameof(Form.Code), l["The code must be at most {0} characters.", Product.MaxCodeLength]));
        }
        else if (code is not null && await db.Products.AnyAsync(p => p.Code == code && p.Id != product.Id, ct))
        {
            errors.Add(new(nameof(Form.Code), l["Another product already has the code “{0}”.", code]));
        }

        if (!AdminInput.TryDecimal(form.UnitPrice, out var price) || price < 0m || price > Money.Max)
        {
            errors.Add(new(nameof(Form.UnitPrice), l["The unit price is an amount of 0 or more."]));
        }
        else if (!AdminInput.HasAtMost(price, 2))
        {
            errors.Add(new(nameof(Form.UnitPrice), l["The unit price has at most 2 decimals."]));
        }

        var vat = 20m;
        if (!string.IsNullOrWhiteSpace(form.VatRate)
            && (!AdminInput.TryDecimal(form.VatRate, out vat) || vat < 0m || vat > 100m || !AdminInput.HasAtMost(vat, 2)))
        {
            errors.Add(new(nameof(Form.VatRate), l["The VAT rate is a percentage from 0 to 100, with at most 2 decimals."]));
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        product.Name = name!;
        product.Code = code;
        product.UnitPriceCents = Money.ToCents(price);
        product.VatRate = vat;
        product.Active = form.Active;
        product.UpdatedAt = now;
        if (product.Id == 0)
        {
            product.CreatedAt = now;
            db.Products.Add(product);
        }

        await db.SaveChangesAsync(ct);
        return Outcome.Done(product.Id);
    }

    /// <summary>Takes a product off (or puts it back on) the list new deal lines pick from.</summary>
    public async Task<Outcome<string>> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return Outcome.NotFound;
        }

        product.Active = active;
        product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(product.Name);
    }
}
