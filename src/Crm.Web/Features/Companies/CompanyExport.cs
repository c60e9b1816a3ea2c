using System.Runtime.CompilerServices;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>/Companies/Export: every visible company the list's query string matches, one row each, read in keyset chunks.</summary>
public static class CompanyExport
{
    public const int ChunkSize = 2000;

    public sealed record Row(
        int Id,
        string? Name,
        string? LegalName,
        string? Siren,
        string? Siret,
        string? VatNumber,
        string? NafCode,
        string? Industry,
        string Size,
        string? Website,
        string? Phone,
        string? BillingLine1,
        string? BillingLine2,
        string? BillingPostalCode,
        string? BillingCity,
        string? BillingCountry,
        string? ShippingLine1,
        string? ShippingLine2,
        string? ShippingPostalCode,
        string? ShippingCity,
        string? ShippingCountry,
        string Status,
        string? Owner,
        string? Team,
        string? Tags,
        int? ParentCompanyId,
        string? ParentCompany,
        DateTime Created,
        DateTime? LastActivity);

    private sealed record Source(
        int Id, string Name, string? LegalName, string? Siren, string? Siret, string? VatNumber, string? NafCode, string? Industry,
        CompanySize Size, string? Website, string? Phone, Address Billing, Address Shipping, CompanyStatus Status,
        string? Owner, string? Team, int? ParentCompanyId, string? ParentCompany, DateTime CreatedAt, DateTime? LastActivityAt, string NameKey);

    public sealed class Handler(CompanyList list, UserTime time, IStringLocalizer<SharedResource> l)
    {
        public Task<Stream> Handle(CompanyList.Query query, CrmUser user, CancellationToken ct) =>
            XlsxFile.WriteAsync(Rows(query, user, ct), l["Companies"], Columns(), ct);

        private ExportColumn[] Columns() =>
        [
            new(nameof(Row.Id), l["Id"], 8),
            new(nameof(Row.Name), l["Name"], 28),
            new(nameof(Row.LegalName), l["Legal name"], 28),
            new(nameof(Row.Siren), "SIREN", 12),
            new(nameof(Row.Siret), "SIRET", 16),
            new(nameof(Row.VatNumber), l["VAT number"], 16),
            new(nameof(Row.NafCode), l["NAF code"], 10),
            new(nameof(Row.Industry), l["Industry"], 20),
            new(nameof(Row.Size), l["Size"], 12),
            new(nameof(Row.Website), l["Website"], 24),
            new(nameof(Row.Phone), l["Phone"], 18),
            new(nameof(Row.BillingLine1), l["Billing address"], 28),
            new(nameof(Row.BillingLine2), l["Billing address (line 2)"], 20),
            new(nameof(Row.BillingPostalCode), l["Billing postal code"], 10),
            new(nameof(Row.BillingCity), l["Billing city"], 18),
            new(nameof(Row.BillingCountry), l["Billing country"], 14),
            new(nameof(Row.ShippingLine1), l["Shipping address"], 28),
            new(nameof(Row.ShippingLine2), l["Shipping address (line 2)"], 20),
            new(nameof(Row.ShippingPostalCode), l["Shipping postal code"], 10),
            new(nameof(Row.ShippingCity), l["Shipping city"], 18),
            new(nameof(Row.ShippingCountry), l["Shipping country"], 14),
            new(nameof(Row.Status), l["Status"], 12),
            new(nameof(Row.Owner), l["Owner"], 22),
            new(nameof(Row.Team), l["Team"], 14),
            new(nameof(Row.Tags), l["Tags"], 24),
            new(nameof(Row.ParentCompanyId), l["Parent company id"], 10),
            new(nameof(Row.ParentCompany), l["Parent company"], 24),
            new(nameof(Row.Created), l["Created"], 18),
            new(nameof(Row.LastActivity), l["Last activity"], 18),
        ];

        private async IAsyncEnumerable<Row> Rows(CompanyList.Query query, CrmUser user, [EnumeratorCancellation] CancellationToken ct)
        {
            var matching = list.Filtered(query, user);
            var labels = new Dictionary<Enum, string>();
            string Label(Enum value) => labels.TryGetValue(value, out var text) ? text : labels[value] = l.Label(value);
            Cursor? after = null;
            while (true)
            {
                var page = list.Ordered(matching, query, after).Take(ChunkSize);
                var chunk = await page.Select(c => new Source(
                    c.Id, c.Name, c.LegalName, c.Siren, c.Siret, c.VatNumber, c.NafCode, c.Industry, c.Size, c.Website, c.Phone,
                    c.BillingAddress, c.ShippingAddress, c.Status,
                    c.Owner != null ? c.Owner.DisplayName : null, c.Team != null ? c.Team.Name : null,
                    c.ParentCompanyId, c.ParentCompany != null ? c.ParentCompany.Name : null,
                    c.CreatedAt, c.LastActivityAt, c.NameKey)).ToListAsync(ct);
                if (chunk.Count == 0)
                {
                    yield break;
                }

                var ids = page.Select(c => c.Id); // a subquery: index probes, not a scan against a JSON array
                var tags = await list.TagNamesAsync(ids, ct);

                foreach (var c in chunk)
                {
                    var tagText = string.Join("; ", tags[c.Id]);
                    yield return new Row(
                        c.Id,
                        SpreadsheetSafe.Text(c.Name),
                        SpreadsheetSafe.Text(c.LegalName),
                        SpreadsheetSafe.Text(c.Siren),
                        SpreadsheetSafe.Text(c.Siret),
                        SpreadsheetSafe.Text(c.VatNumber),
                        SpreadsheetSafe.Text(c.NafCode),
                        SpreadsheetSafe.Text(c.Industry),
                        Label(c.Size),
                        SpreadsheetSafe.Text(c.Website),
                        SpreadsheetSafe.Text(c.Phone),
                        SpreadsheetSafe.Text(c.Billing.Line1),
                        SpreadsheetSafe.Text(c.Billing.Line2),
                        SpreadsheetSafe.Text(c.Billing.PostalCode),
                        SpreadsheetSafe.Text(c.Billing.City),
                        SpreadsheetSafe.Text(c.Billing.Country),
                        SpreadsheetSafe.Text(c.Shipping.Line1),
                        SpreadsheetSafe.Text(c.Shipping.Line2),
                        SpreadsheetSafe.Text(c.Shipping.PostalCode),
                        SpreadsheetSafe.Text(c.Shipping.City),
                        SpreadsheetSafe.Text(c.Shipping.Country),
                        Label(c.Status),
                        SpreadsheetSafe.Text(c.Owner),
                        SpreadsheetSafe.Text(c.Team),
                        SpreadsheetSafe.Text(tagText.Length == 0 ? null : tagText),
                        c.ParentCompanyId,
                        SpreadsheetSafe.Text(c.ParentCompany),
                        time.ToLocal(c.CreatedAt),
                        c.LastActivityAt is DateTime last ? time.ToLocal(last) : null);
                }

                if (chunk.Count < ChunkSize)
                {
                    yield break;
                }

                var end = chunk[^1];
                after = new ListPosition(end.Id, end.NameKey, end.CreatedAt, end.LastActivityAt, end.Owner).CursorFor(query.SortKey);
            }
        }
    }
}
