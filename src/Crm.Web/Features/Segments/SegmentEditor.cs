using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Segments;

/// <summary>
/// Creates and edits segments for the shared record editor. A dynamic segment's filter is checked as the contacts list
/// would read it (every key one it knows, every value one it accepts), stored without what only places a page, and with
/// "owner=me" turned into the author's id so that it means the same whoever uses it.
/// </summary>
public sealed class SegmentEditor(
    CrmDbContext db,
    RecordChoices choices,
    TagNames tagNames,
    RecordHistory history,
    CustomFieldStore customFields,
    IStringLocalizer<SharedResource> l) : IRecordEditor<SegmentForm>
{
    public RecordEditorTexts Texts { get; } = new("New segment", "Create segment", "Segment created.", "This segment may already exist:");

    /// <summary>A new segment for the user; "Save as segment" on the contacts list passes its filters (?filter=consent%3DGranted).</summary>
    public SegmentForm New(CrmUser user, IQueryCollection query) => new()
    {
        OwnerId = user.Id,
        Type = Enum.TryParse<SegmentType>(query["type"], ignoreCase: true, out var type) && Enum.IsDefined(type) ? type : SegmentType.Dynamic,
        Filter = query["filter"].FirstOrDefault() is { Length: <= Segment.MaxFilterLength } filter ? ListQueryReader.FiltersOnly(filter) : null,
    };

    public string NameOf(SegmentForm form) => form.Name ?? string.Empty;

    public async Task<Outcome<SegmentForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var segment = await Segments(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return RecordEditing.Refuses(segment, user, out var refused) ? refused : Outcome.Done(SegmentForm.From(segment));
    }

    public async Task<Outcome<int>> CreateAsync(SegmentForm form, CrmUser user, CancellationToken ct)
    {
        var segment = new Segment();
        var errors = await CheckAndApplyAsync(form, segment, user, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        db.Segments.Add(segment);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(segment.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, SegmentForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Segments(user).FirstOrDefaultAsync(s => s.Id == id, ct), form.Version, user,
            segment => CheckAndApplyAsync(form, segment, user, ct), ct);

    public async Task<RecordFormChoices> ChoicesAsync(SegmentForm form, int? id, CrmUser user, CancellationToken ct) =>
        new(await choices.OwnersAsync<Segment>(user, ct, id is null ? null : form.OwnerId), []);

    /// <summary>The filter as stored: the list's filters only, "owner=me" as the author's id.</summary>
    public static string Normalise(string? filter, CrmUser user) =>
        ListQueryReader.FiltersOnly(QueryPart(filter),
            (key, value) => key.Equals("owner", StringComparison.OrdinalIgnoreCase) && value == ListQuery.OwnerMe ? user.Id : value);

    /// <summary>The query string of a filter typed or pasted as the list's whole address ("/Contacts?consent=Granted").</summary>
    public static string QueryPart(string? filter)
    {
        var text = filter?.Trim() ?? string.Empty;
        var question = text.IndexOf('?', StringComparison.Ordinal);
        return question >= 0 ? text[(question + 1)..] : text;
    }

    private async Task<IReadOnlyList<FieldError>> CheckAndApplyAsync(SegmentForm form, Segment segment, CrmUser user, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();
        var filter = form.Type == SegmentType.Dynamic ? Normalise(form.Filter, user) : string.Empty;
        if (filter.Length > Segment.MaxFilterLength)
        {
            errors.Add(new FieldError(nameof(SegmentForm.Filter), l["{0} must be at most {1} characters.", l["Contacts list filters"], Segment.MaxFilterLength]));
        }
        else if (filter.Length > 0)
        {
            var fields = await customFields.FieldsAsync(Contact.Kind.Key, ct);
            // Other unknown keys are the form's own check (SegmentForm.Check), already in the errors.
            var unknown = ListQueryReader.UnknownKeys<ContactList.Query>(Contact.Kind, filter, fields);
            if (unknown.Where(k => k.StartsWith(CustomField.Prefix, StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } custom)
            {
                errors.Add(new FieldError(nameof(SegmentForm.Filter), l["The contacts list has no filter named {0}.", string.Join(", ", custom)]));
            }
            else if (unknown.Count == 0 && ListQueryReader.Read<ContactList.Query>(Contact.Kind, filter, fields) is null)
            {
                errors.Add(new FieldError(nameof(SegmentForm.Filter), l["These filters are not ones the contacts list accepts: set them on the contacts list, then use “Save as segment”."]));
            }
        }

        var (ownerAllowed, ownerTeam) = await choices.CheckOwnerAsync<Segment>(form.OwnerId, user, ct);
        if (!ownerAllowed && form.OwnerId != segment.OwnerId)
        {
            errors.Add(new FieldError(nameof(SegmentForm.OwnerId), l["Choose an owner from the list."]));
        }
        else if (!ownerAllowed)
        {
            ownerTeam = await choices.TeamOfAsync(segment.OwnerId, ct);
        }

        if (segment.Id != 0 && form.Type != segment.Type && segment.Type == SegmentType.Static
            && await db.SegmentMembers.AnyAsync(m => m.SegmentId == segment.Id, ct))
        {
            errors.Add(new FieldError(nameof(SegmentForm.Type), l["This list has members: it cannot become a dynamic segment."]));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        segment.Name = form.Name?.Trim() ?? string.Empty;
        segment.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        segment.Type = form.Type;
        segment.Filter = filter;
        segment.AssignTo(string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId, ownerTeam);
        ApplyTags(segment, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
        return errors;
    }

    private static void ApplyTags(Segment segment, IReadOnlyList<Tag> tags)
    {
        segment.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !segment.Tags.Any(link => IsSame(tag, link))))
        {
            segment.Tags.Add(new SegmentTag { Tag = tag });
        }

        static bool IsSame(Tag tag, SegmentTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    private IQueryable<Segment> Segments(CrmUser user) => db.Segments.VisibleTo(user).Include(s => s.Tags).ThenInclude(t => t.Tag);
}
