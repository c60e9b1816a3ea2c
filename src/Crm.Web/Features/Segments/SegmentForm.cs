using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Segments;

/// <summary>What the segment form posts, for create and edit alike. The filter is the contacts list's query string; owner's team and times come from the server.</summary>
public sealed record SegmentForm : IEditorForm<SegmentForm>, IRecordForm<Segment>
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public SegmentType Type { get; init; }

    /// <summary>The contacts list's filters, as its query string ("consent=Granted&amp;tag=4").</summary>
    [Display(Name = "Contacts list filters")]
    public string? Filter { get; init; }

    public string? OwnerId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    public int Version { get; init; }

    public SegmentForm WithVersion(int version) => this with { Version = version };

    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        if (!Enum.IsDefined(Type))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        // Keys the contacts list never reads; those of custom fields ("cf.…") are checked against the fields by the editor.
        if (Type == SegmentType.Dynamic
            && ListQueryReader.UnknownKeys<Contacts.ContactList.Query>(Contacts.Contact.Kind, SegmentEditor.QueryPart(Filter), [])
                .Where(k => !k.StartsWith(CustomFields.CustomField.Prefix, StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } unknown)
        {
            yield return (nameof(Filter), l["The contacts list has no filter named {0}.", string.Join(", ", unknown)]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static SegmentForm From(Segment segment) => new()
    {
        Name = segment.Name,
        Description = segment.Description,
        Type = segment.Type,
        Filter = segment.Filter,
        OwnerId = segment.OwnerId,
        Tags = TagNames.Join(segment.Tags.Select(t => t.Tag!.Name)),
        Version = segment.Version,
    };
}
