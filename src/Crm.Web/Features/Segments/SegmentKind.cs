using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Segments;

/// <summary>Segments as a kind of the record kit: their route, access rule, fields, columns, filters and export, declared once.</summary>
public static class SegmentKind
{
    public const string Key = "segments";

    /// <summary>
    /// Marketing's records: admins, managers and marketing see and change every segment; sales see and change their
    /// team's (a rep's own call lists); support reads them and changes none.
    /// </summary>
    public static RecordAccessRule Access { get; } = new()
    {
        Read = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.All), (Roles.Support, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Edit = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Delete = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Create = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Marketing, Roles.Sales], StringComparer.Ordinal),
    };

    public static RecordKind<Segment> Declare() => new()
    {
        Key = Key,
        Route = "/Segments",
        Singular = "Segment",
        Plural = "Segments",
        Order = 60,
        Icon = "bi-funnel",
        DeleteManyTitle = "Delete segments",
        SummaryDetail = "Type",
        Access = Access,
        Summary = s => new RecordSummary
        {
            Id = s.Id,
            Name = s.Name,
            OwnerId = s.OwnerId,
            TeamId = s.TeamId,
            DeletedAt = s.DeletedAt,
        },
        Fields = new RecordFields(
        [
            new(nameof(Segment.Name), "Name", FieldType.Text) { MaxLength = Segment.MaxNameLength, Required = true },
            new(nameof(Segment.Description), "Description", FieldType.LongText) { MaxLength = 1000 },
            new(nameof(Segment.Type), "Type", FieldType.Choice) { Choices = typeof(SegmentType) },
            new(nameof(Segment.Filter), "Contacts list filters", FieldType.Text) { MaxLength = Segment.MaxFilterLength },
            new(nameof(Segment.OwnerId), "Owner", FieldType.User),
            new(nameof(Segment.TeamId), "Team", FieldType.Team),
            new(nameof(Segment.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("type", "Type"),
        ]),
        Filters =
        [
            DeclaredFilter.Choice<Segment, SegmentType>("type", "Type", s => s.Type),
        ],
        Export = new(
        [
            new("Id", s => s.Id, 8),
            new("Name", s => s.Name, 32),
            new("Type", s => s.Type, 10),
            new("Contacts list filters", s => s.Filter, 40),
            new("Description", s => s.Description, 40),
            new("Owner", s => s.Owner != null ? s.Owner.DisplayName : null, 22),
            new("Team", s => s.Team != null ? s.Team.Name : null, 14),
            Infrastructure.Export.ExportField.Tags<Segment>("Tags", 24),
            new("Created", s => s.CreatedAt, 18),
        ]),
    };
}
