using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Segments;

/// <summary>
/// The segments pages: the list and its export, one segment's pages and the actions every kind shares, on the kit's
/// bases; what is segments' own is taking contacts off a static list.
/// </summary>
public sealed class SegmentsController : RecordListController<Segment, SegmentForm, SegmentList, SegmentList.Query, SegmentList.Row>
{
    /// <summary>Takes one contact off a static list the user may edit.</summary>
    [HttpPost]
    public async Task<IActionResult> RemoveMember(int id, int contactId, [FromServices] SegmentMembers members, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (await members.RemoveAsync(id, [contactId], CrmUser.From(User), ct) is null)
        {
            return NotFound();
        }

        TempData["Flash"] = l["Contact taken off the list."].Value;
        return LocalRedirect(Segment.Kind.DetailsPath(id));
    }
}
