using System.Globalization;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Segments;

/// <summary>
/// "Add to list" on the contacts list's bulk bar: the ticked contacts (or all matching) that the user may see join a
/// static list they may edit. It changes no contact, so whoever reads contacts is offered it (marketing included).
/// </summary>
public static class SegmentBulk
{
    public const string AddToListKey = "addlist";

    /// <summary>How many lists the drop-down offers, by name.</summary>
    public const int MaxOffered = 200;

    public static RecordBulkAction<Contact> AddToList() => new(AddToListKey, "Add to list", "bi-list-check", Apply: null)
    {
        OfferedTo = user => user.CanCreate<Segment>(),
        Choice = new BulkChoice("Add to list…", async (services, user, ct) =>
            (await services.GetRequiredService<CrmDbContext>().Segments.AsNoTracking().EditableBy(user)
                .Where(s => s.Type == SegmentType.Static)
                .OrderBy(s => s.Name).ThenBy(s => s.Id).Take(MaxOffered)
                .Select(s => new { s.Id, s.Name })
                .ToListAsync(ct))
            .Select(s => new ListChoice(s.Id.ToString(CultureInfo.InvariantCulture), s.Name)).ToList()),
        OnVisible = async (run, ct) =>
        {
            var l = run.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
            if (!int.TryParse(run.Choice, NumberStyles.None, CultureInfo.InvariantCulture, out var segmentId))
            {
                return (null, l["Choose the list to add to."]);
            }

            var now = run.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var added = await run.Services.GetRequiredService<SegmentMembers>().AddAsync(segmentId, run.Ids, run.User, now, ct);
            return added is int count
                ? (Counted.Format(count, l["{0} contact added to the list."], l["{0} contacts added to the list."]), null)
                : (null, l["Choose the list to add to."]);
        },
    };
}
