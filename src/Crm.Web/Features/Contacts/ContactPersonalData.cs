using System.IO.Compression;
using System.Text.Json;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The GDPR rights on one contact, for admins and managers who see it: a copy of everything held about the person (a
/// zip with JSON and a workbook), and erasure — the person's data blanked while the record, its company, deals and the
/// dates and kinds of its activities stay, so counts and reports keep adding up. The copy holds the custom field values
/// (labels and values) and erasure deletes them all. Both are written to the record's history; erasure also removes the
/// older history entries, since they hold the old values.
/// </summary>
public sealed class ContactPersonalData(CrmDbContext db, TimeProvider clock, CustomFields.CustomFieldStore customFields)
{
    public const string ErasedFirstName = "Anonymised";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public sealed record Archive(string FileName, byte[] Content);

    public static bool MayHandle(CrmUser user) => user.IsIn(Roles.Admin) || user.IsIn(Roles.Manager);

    public async Task<Outcome<Archive>> ExportAsync(int id, CrmUser user, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().VisibleTo(user).Where(c => c.Id == id)
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag).Include(c => c.Company).Include(c => c.Owner)
            .AsSplitQuery().SingleOrDefaultAsync(ct);
        if (contact is null)
        {
            return Outcome.NotFound;
        }

        if (!MayHandle(user))
        {
            return Outcome.Forbidden;
        }

        var person = new
        {
            contact.Id, contact.Civility, contact.FirstName, contact.LastName, contact.JobTitle, Company = contact.Company?.Name,
            Emails = contact.Emails.OrderByDescending(e => e.IsPrimary).Select(e => e.Address).ToList(),
            Phones = contact.Phones.Select(p => p.Number).ToList(),
            contact.Address, contact.Description, contact.LeadSource, contact.PreferredLanguage,
            Status = contact.Status.ToString(), Lifecycle = contact.LifecycleStage.ToString(),
            Consent = contact.Consent.ToString(), contact.ConsentAt, contact.ConsentSource,
            Owner = contact.Owner?.DisplayName, Tags = contact.Tags.Select(t => t.Tag!.Name).ToList(),
            contact.CreatedAt, contact.UpdatedAt, contact.LastActivityAt,
            CustomFields = (await customFields.ShownAsync(Contact.Kind.Key, id, ct)).Select(f => new { f.Label, f.Value }).ToList(),
            ConsentHistory = await db.ConsentChanges.AsNoTracking().Where(c => c.ContactId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
                .Select(c => new { State = c.State.ToString(), c.At, c.Source }).ToListAsync(ct),
        };
        var activities = await db.Activities.AsNoTracking().Where(a => a.ContactId == id && a.DeletedAt == null)
            .OrderBy(a => a.OccurredAt)
            .Select(a => new { Kind = a.Kind.ToString(), a.Subject, a.OccurredAt, a.DurationMinutes, a.Outcome, a.Body })
            .ToListAsync(ct);
        var history = await db.AuditEntries.AsNoTracking().Where(a => a.Kind == Contact.Kind.Key && a.EntityId == id)
            .OrderBy(a => a.Id).Select(a => new { a.At, Action = a.Action.ToString(), Source = a.Source.ToString(), a.Changes })
            .ToListAsync(ct);

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await WriteAsync(archive, "contact.json", JsonSerializer.SerializeToUtf8Bytes(person, Json), ct);
            await WriteAsync(archive, "activities.json", JsonSerializer.SerializeToUtf8Bytes(activities, Json), ct);
            await WriteAsync(archive, "history.json", JsonSerializer.SerializeToUtf8Bytes(history, Json), ct);

            var fields = new (string, string?)[]
            {
                ("Civility", person.Civility), ("First name", person.FirstName), ("Last name", person.LastName), ("Job title", person.JobTitle),
                ("Company", person.Company), ("Emails", string.Join(", ", person.Emails)), ("Phones", string.Join(", ", person.Phones)),
                ("Address", person.Address.ToString()), ("Description", person.Description), ("Lead source", person.LeadSource),
                ("Language", person.PreferredLanguage),
                ("Consent", person.Consent), ("Consent date", person.ConsentAt?.ToString("u")), ("Consent source", person.ConsentSource),
                ("Owner", person.Owner), ("Tags", string.Join(", ", person.Tags)), ("Created", person.CreatedAt.ToString("u")),
            };
            var rows = fields.Concat(person.CustomFields.Select(f => (f.Label, (string?)f.Value)));
            await WriteAsync(archive, "contact.xlsx", await SheetAsync(
                "Contact", [new ExportColumn("Field", 18), new ExportColumn("Value", 60)], rows.Select(f => new object?[] { f.Item1, f.Item2 }), ct), ct);
            await WriteAsync(archive, "activities.xlsx", await SheetAsync(
                "Activities",
                [new ExportColumn("Date", 20), new ExportColumn("Kind", 12), new ExportColumn("Subject", 40), new ExportColumn("Text", 80)],
                activities.Select(a => new object?[] { a.OccurredAt, a.Kind, a.Subject, a.Body }), ct), ct);
        }

        db.AuditEntries.Add(Entry(id, AuditAction.DataExported, user));
        await db.SaveChangesAsync(ct);
        return Outcome.Done(new Archive($"personal-data-contact-{id}.zip", zip.ToArray()));
    }

    public async Task<Outcome<int>> EraseAsync(int id, CrmUser user, CancellationToken ct)
    {
        var contact = await db.Contacts.VisibleTo(user).Where(c => c.Id == id)
            .Include(c => c.Emails).Include(c => c.Phones).AsSplitQuery().SingleOrDefaultAsync(ct);
        if (contact is null)
        {
            return Outcome.NotFound;
        }

        if (!MayHandle(user))
        {
            return Outcome.Forbidden;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        contact.FirstName = ErasedFirstName;
        contact.LastName = "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        contact.Civility = null;
        contact.JobTitle = null;
        contact.Description = null;
        contact.PreferredLanguage = null;
        contact.Address = new Address();
        contact.SetEmails([]);
        contact.SetPhones([]);
        contact.SetConsent(ConsentState.Withdrawn, clock.GetUtcNow().UtcDateTime, "Erased");
        contact.RefreshSearchKeys();
        await db.SaveChangesAsync(ct);

        // Custom fields may hold anything about the person: all their values go.
        await CustomFields.CustomFieldStore.DeleteValuesAsync(db, Contact.Kind.Key, [id], ct);

        // What the person said or was told: the kind and date of each activity stay for the counts, not the words.
        var activityIds = await db.Activities.Where(a => a.ContactId == id).Select(a => a.Id).ToListAsync(ct);
        await db.Activities.Where(a => a.ContactId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Subject, "—").SetProperty(a => a.Body, (string?)null).SetProperty(a => a.Outcome, (string?)null), ct);

        // The history holds the old values: it goes, and one entry says the data was erased, by whom and when.
        await db.AuditEntries.Where(a => a.Kind == Contact.Kind.Key && a.EntityId == id).ExecuteDeleteAsync(ct);
        await db.AuditEntries.Where(a => a.EntityType == "Activity" && activityIds.Contains(a.EntityId)).ExecuteDeleteAsync(ct);
        db.AuditEntries.Add(Entry(id, AuditAction.DataErased, user));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Done(activityIds.Count);
    }

    private AuditEntry Entry(int id, AuditAction action, CrmUser user) => new()
    {
        EntityType = nameof(Contact),
        Kind = Contact.Kind.Key,
        EntityId = id,
        Action = action,
        Source = ChangeSource.Form,
        UserId = user.Id,
        At = clock.GetUtcNow().UtcDateTime,
    };

    private static async Task<byte[]> SheetAsync(string name, IReadOnlyList<ExportColumn> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var book = new MemoryStream();
        await XlsxFile.WriteAsync(book, rows.ToAsyncEnumerable(), name, columns, ct);
        return book.ToArray();
    }

    private static async Task WriteAsync(ZipArchive archive, string name, byte[] content, CancellationToken ct)
    {
        await using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        await entry.WriteAsync(content, ct);
    }
}
