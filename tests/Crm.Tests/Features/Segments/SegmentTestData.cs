using Crm.Tests.Infrastructure;
using Crm.Web.Features.Segments;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Segments;

/// <summary>Segments for tests, arranged straight in the app's database.</summary>
public static class SegmentTestData
{
    public static Segment New(string name, string? ownerId = null, int? teamId = null, DateTime? created = null, SegmentType type = SegmentType.Dynamic, string filter = "") => new()
    {
        Name = name,
        OwnerId = ownerId,
        TeamId = teamId,
        CreatedAt = created ?? default,
        Type = type,
        Filter = filter,
    };

    public static Task<int> AddSegmentAsync(this CrmAppFactory app, string name, TestUser? owner = null, SegmentType type = SegmentType.Dynamic, string filter = "") =>
        app.WithDbAsync(async db =>
        {
            var segment = New(name, owner?.Id, owner?.TeamId, type: type, filter: filter);
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            return segment.Id;
        });
}
