using System.Runtime.CompilerServices;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// /Contacts/Export: every visible contact the list's query string matches (not only the page), one row each, read
/// in keyset chunks so 100k contacts stream through bounded memory.
/// </summary>
public static class ContactExport
{
    public const int ChunkSize = 2000;

    public sealed record Row(
        int Id,
        string? FirstName,
        string? LastName,
        string? JobTitle,
        string? Emails,
        string? Phones,
        int? CompanyId,
        string? Company,
        string Status,
        string LifecycleStage,
        string? Owner,
        string? Team,
        string? Tags,
        string? PreferredLanguage,
        string Consent,
        DateTime? ConsentAt,
        string? ConsentSource,
        DateTime Created,
        DateTime? LastActivity);

    private sealed record Source(
        int Id,
        string FirstName,
        string LastName,
        string? JobTitle,
        int? CompanyId,
        string? Company,
        ContactStatus Status,
        LifecycleStage Stage,
        string? Owner,
        string? Team,
        string? PreferredLanguage,
        ConsentState Consent,
        DateTime? ConsentAt,
        string? ConsentSource,
        DateTime CreatedAt,
        DateTime? LastActivityAt,
        string SortName);

    public sealed class Handler(CrmDbContext db, ContactList list, UserTime time, IStringLocalizer<SharedResource> l)
    {
        public Task<Stream> Handle(ContactList.Query query, CrmUser user, CancellationToken ct) =>
            XlsxFile.WriteAsync(Rows(query, user, ct), l["Contacts"], Columns(), ct);

        private ExportColumn[] Columns() =>
        [
            new(nameof(Row.Id), l["Id"], 8),
            new(nameof(Row.FirstName), l["First name"]),
            new(nameof(Row.LastName), l["Last name"]),
            new(nameof(Row.JobTitle), l["Job title"], 24),
            new(nameof(Row.Emails), l["Emails"], 32),
            new(nameof(Row.Phones), l["Phones"], 24),
            new(nameof(Row.CompanyId), l["Company id"], 10),
            new(nameof(Row.Company), l["Company"], 28),
            new(nameof(Row.Status), l["Status"], 14),
            new(nameof(Row.LifecycleStage), l["Lifecycle stage"]),
            new(nameof(Row.Owner), l["Owner"], 22),
            new(nameof(Row.Team), l["Team"], 14),
            new(nameof(Row.Tags), l["Tags"], 24),
            new(nameof(Row.PreferredLanguage), l["Preferred language"], 10),
            new(nameof(Row.Consent), l["Marketing consent"], 14),
            new(nameof(Row.ConsentAt), l["Consent date"], 18),
            new(nameof(Row.ConsentSource), l["Consent source"], 20),
            new(nameof(Row.Created), l["Created"], 18),
            new(nameof(Row.LastActivity), l["Last activity"], 18),
        ];

        private async IAsyncEnumerable<Row> Rows(ContactList.Query query, CrmUser user, [EnumeratorCancellation] CancellationToken ct)
        {
            var matching = list.Filtered(query, user);
            var labels = new Dictionary<Enum, string>();
            string Label(Enum value) => labels.TryGetValue(value, out var text) ? text : labels[value] = l.Label(value);
            Cursor? after = null;
            while (true)
            {
                var page = list.Ordered(matching, query, after).Take(ChunkSize);
                var chunk = await page.Select(c => new Source(
                    c.Id, c.FirstName, c.LastName, c.JobTitle, c.CompanyId, c.Company != null ? c.Company.Name : null,
                    c.Status, c.LifecycleStage, c.Owner != null ? c.Owner.DisplayName : null, c.Team != null ? c.Team.Name : null,
                    c.PreferredLanguage, c.Consent, c.ConsentAt, c.ConsentSource, c.CreatedAt, c.LastActivityAt, c.SortName)).ToListAsync(ct);
                if (chunk.Count == 0)
                {
                    yield break;
                }

                // The chunk's query again as a subquery: SQLite then probes the ContactId indexes for 2,000 ids
                // instead of matching every row against a JSON array of ids.
                var ids = page.Select(c => c.Id);
                var emails = (await db.ContactEmails.AsNoTracking().Where(e => ids.Contains(e.ContactId))
                    .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id).Select(e => new { e.ContactId, e.Address }).ToListAsync(ct))
                    .ToLookup(e => e.ContactId, e => e.Address);
                var phones = (await db.ContactPhones.AsNoTracking().Where(p => ids.Contains(p.ContactId))
                    .OrderBy(p => p.Id).Select(p => new { p.ContactId, p.Number }).ToListAsync(ct))
                    .ToLookup(p => p.ContactId, p => p.Number);
                var tags = await list.TagNamesAsync(ids, ct);

                foreach (var c in chunk)
                {
                    yield return new Row(
                        c.Id,
                        SpreadsheetSafe.Text(c.FirstName),
                        SpreadsheetSafe.Text(c.LastName),
                        SpreadsheetSafe.Text(c.JobTitle),
                        SpreadsheetSafe.Text(Joined(emails[c.Id])),
                        SpreadsheetSafe.Text(Joined(phones[c.Id])),
                        c.CompanyId,
                        SpreadsheetSafe.Text(c.Company),
                        Label(c.Status),
                        Label(c.Stage),
                        SpreadsheetSafe.Text(c.Owner),
                        SpreadsheetSafe.Text(c.Team),
                        SpreadsheetSafe.Text(Joined(tags[c.Id])),
                        SpreadsheetSafe.Text(c.PreferredLanguage),
                        Label(c.Consent),
                        c.ConsentAt is DateTime at ? time.ToLocal(at) : null,
                        SpreadsheetSafe.Text(c.ConsentSource),
                        time.ToLocal(c.CreatedAt),
                        c.LastActivityAt is DateTime last ? time.ToLocal(last) : null);
                }

                if (chunk.Count < ChunkSize)
                {
                    yield break;
                }

                var end = chunk[^1];
                after = new ListPosition(end.Id, end.SortName, end.CreatedAt, end.LastActivityAt, end.Owner).CursorFor(query.SortKey);
            }
        }

        private static string? Joined(IEnumerable<string> values)
        {
            var text = string.Join("; ", values);
            return text.Length == 0 ? null : text;
        }
    }
}
