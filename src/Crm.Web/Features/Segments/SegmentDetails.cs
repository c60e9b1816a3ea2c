using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Segments;

/// <summary>A segment's page: what it is, its filters in words, its live (capped) count and first members, its timeline and history.</summary>
public static class SegmentDetails
{
    public const int PreviewSize = 10;

    public sealed record Facts(
        int Id,
        string Name,
        string? Description,
        SegmentType Type,
        string Filter,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        DateTime CreatedAt);

    /// <summary>One of a dynamic segment's filters in words: the contacts list's label (an English resource key, or a custom field's own label) and the value shown.</summary>
    public sealed record FilterLine(string Label, string Value, bool Translate, bool ValueIsKey = false);

    public sealed record View(
        RecordDetailsFrame Frame,
        Facts Segment,
        IReadOnlyList<string> Tags,
        IReadOnlyList<FilterLine> Filters,
        bool FilterReads,
        int Count,
        IReadOnlyList<ContactList.Row> First) : RecordDetailsPage(Frame)
    {
        public override string? MainPanel => "/Features/Segments/_Members.cshtml";

        /// <summary>The contacts list showing the same contacts (a dynamic segment's filters).</summary>
        public string ContactsListUrl => Contact.Kind.ListPath + "?" + (Segment.Filter.Length > 0 ? Segment.Filter : "view=all");
    }

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history, SegmentMembers members, CustomFieldStore customFields)
        : IRecordDetails<Segment>
    {
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Segments.AsNoTracking().VisibleTo(user)
                .Where(s => s.Id == id)
                .Select(s => new Facts(s.Id, s.Name, s.Description, s.Type, s.Filter, s.OwnerId, s.Owner != null ? s.Owner.DisplayName : null, s.TeamId, s.Team != null ? s.Team.Name : null, s.CreatedAt))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var tags = await db.SegmentTags.AsNoTracking().Where(t => t.SegmentId == id).OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var entries = await timeline.ForAsync<Segment>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Segment>(history, user, id, facts.Name, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            var reads = facts.Type == SegmentType.Static || await members.QueryAsync(facts.Filter, ct) is not null;
            var ids = await members.ContactIdsAsync(facts.Id, facts.Type, facts.Filter, user, ct);
            var (count, first) = await members.PreviewAsync(ids, PreviewSize, ct);
            var filters = facts.Type == SegmentType.Dynamic ? await DescribeAsync(facts.Filter, user, ct) : [];
            return new View(frame, facts, tags, filters, reads, count, first);
        }

        /// <summary>The filters in words, named as the contacts list names them; tags, owners and companies by name when the user may see them.</summary>
        private async Task<IReadOnlyList<FilterLine>> DescribeAsync(string filter, CrmUser user, CancellationToken ct)
        {
            var fields = await customFields.FieldsAsync(Contact.Kind.Key, ct);
            var lines = new List<FilterLine>();
            foreach (var (key, values) in QueryHelpers.ParseQuery(filter))
            {
                var value = values.ToString();
                var declared = Contact.Kind.ListFilters.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
                var custom = fields.FirstOrDefault(f => key.StartsWith(f.Name, StringComparison.OrdinalIgnoreCase));
                lines.Add(key.ToLowerInvariant() switch
                {
                    "q" => new("Search", value, true),
                    "owner" => new("Owner", value switch
                    {
                        ListQuery.OwnerNobody => "—",
                        _ => await db.Users.Where(u => u.Id == value).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? value,
                    }, true),
                    "tag" => new("Tag", int.TryParse(value, out var tag) ? await db.Tags.Where(t => t.Id == tag).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? value : value, true),
                    "from" => new("Created from", value, true),
                    "to" => new("Created to", value, true),
                    "idle" => new("No activity for (days)", value, true),
                    "status" => new("Status", value, true),
                    "deal" => new("Deals", value, true),
                    "team" => new("Team", int.TryParse(value, out var team) ? await db.Teams.Where(t => t.Id == team).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? value : value, true),
                    "companycity" => new("Company city", value, true),
                    "company" => new("Company", int.TryParse(value, out var company)
                        ? await db.Companies.VisibleTo(user).Where(c => c.Id == company).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "#" + value
                        : value, true),
                    _ when declared is not null && declared.Choices?.FirstOrDefault(c => c.Value.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } choice => new(declared.Label, choice.Label, true, ValueIsKey: true),
                    _ when declared is not null => new(declared.Label, value, true),
                    _ when custom is not null => new(custom.Label(CustomFieldStore.French) + key[custom.Name.Length..], value, false),
                    _ => new(key, value, false),
                });
            }

            return lines;
        }
    }
}
