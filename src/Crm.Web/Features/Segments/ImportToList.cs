using System.Globalization;
using System.Text.Json;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Segments;

/// <summary>
/// A contacts import can put the contacts it creates and updates on a static list (issue 15): one the user may edit, or a
/// new one named on the mapping page and created when the import starts. The job adds them at its end in one
/// INSERT … SELECT: the ids it wrote in this run, and those its earlier runs created or changed (found in the history
/// under the job's correlation id, so a resumed job loses none). Contacts deleted since, or already on the list, are
/// left out.
/// </summary>
public sealed class ImportToList(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    /// <summary>The choice "a new list" of the mapping page's list select.</summary>
    public const string NewChoice = "newlist";

    /// <summary>Whether an import of this kind may go to a list, for this user.</summary>
    public static bool Offered(string target, CrmUser user) => target == ContactKind.Key && user.CanCreate<Segment>();

    /// <summary>The static lists the user may add to, by name (as many as the bulk action offers).</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> ChoicesAsync(CrmUser user, CancellationToken ct) =>
        (await db.Segments.AsNoTracking().EditableBy(user).Where(s => s.Type == SegmentType.Static)
            .OrderBy(s => s.Name).ThenBy(s => s.Id).Take(SegmentBulk.MaxOffered)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct))
        .Select(s => (s.Id, s.Name)).ToList();

    /// <summary>
    /// Reads the page's choice: no list (both null), an existing list the user may edit (its id) or a new one (its
    /// name); adds what is wrong to <paramref name="errors"/>.
    /// </summary>
    public async Task<(int? ListId, string? NewName)> ReadAsync(string target, string? choice, string? newName, CrmUser user, List<string> errors, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(choice))
        {
            return (null, null);
        }

        if (!Offered(target, user))
        {
            errors.Add(l["You may not add these records to a list."]);
            return (null, null);
        }

        if (choice == NewChoice)
        {
            var name = newName?.Trim() ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Add(l["Enter the name of the new list."]);
            }
            else if (name.Length > Segment.MaxNameLength)
            {
                errors.Add(l["The name of the list is longer than {0} characters.", Segment.MaxNameLength]);
            }
            else
            {
                return (null, name);
            }

            return (null, null);
        }

        if (int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && await db.Segments.EditableBy(user).AnyAsync(s => s.Id == id && s.Type == SegmentType.Static, ct))
        {
            return (id, null);
        }

        errors.Add(l["Choose the list to add to."]);
        return (null, null);
    }

    /// <summary>Creates the new list a job names (owned by the user, static); its id. Called in the transaction that queues the job.</summary>
    public async Task<int> CreateAsync(string name, CrmUser user, CancellationToken ct)
    {
        var segment = new Segment { Name = name, Type = SegmentType.Static, Filter = string.Empty };
        segment.AssignTo(user.Id, user.TeamId);
        db.Segments.Add(segment);
        await db.SaveChangesAsync(ct);
        return segment.Id;
    }

    /// <summary>
    /// Adds the job's contacts to its list, in one statement; the number added, or null when the list is gone or the user
    /// may no longer edit it.
    /// </summary>
    public async Task<int?> AddImportedAsync(int listId, string correlationId, IReadOnlyCollection<int> written, CrmUser user, DateTime now, CancellationToken ct)
    {
        if (!await db.Segments.EditableBy(user).AnyAsync(s => s.Id == listId && s.Type == SegmentType.Static, ct))
        {
            return null;
        }

        var ids = JsonSerializer.Serialize(written);
        var created = nameof(AuditAction.Created);
        var updated = nameof(AuditAction.Updated);
        var kind = ContactKind.Key;
        // The ids this run wrote come as one JSON parameter (a table on both providers): never one statement per row.
        return db.Database.IsSqlServer()
            ? await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "SegmentMembers" ("SegmentId", "ContactId", "AddedAt")
                SELECT {listId}, c."Id", {now} FROM "Contacts" c
                WHERE c."DeletedAt" IS NULL
                  AND (c."Id" IN (SELECT CAST(j.[value] AS int) FROM OPENJSON({ids}) j)
                       OR c."Id" IN (SELECT a."EntityId" FROM "AuditEntries" a WHERE a."Kind" = {kind} AND a."CorrelationId" = {correlationId} AND a."Action" IN ({created}, {updated})))
                  AND NOT EXISTS (SELECT 1 FROM "SegmentMembers" m WHERE m."SegmentId" = {listId} AND m."ContactId" = c."Id")
                """, ct)
            : await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "SegmentMembers" ("SegmentId", "ContactId", "AddedAt")
                SELECT {listId}, c."Id", {now} FROM "Contacts" c
                WHERE c."DeletedAt" IS NULL
                  AND (c."Id" IN (SELECT j.value FROM json_each({ids}) j)
                       OR c."Id" IN (SELECT a."EntityId" FROM "AuditEntries" a WHERE a."Kind" = {kind} AND a."CorrelationId" = {correlationId} AND a."Action" IN ({created}, {updated})))
                  AND NOT EXISTS (SELECT 1 FROM "SegmentMembers" m WHERE m."SegmentId" = {listId} AND m."ContactId" = c."Id")
                """, ct);
    }
}
