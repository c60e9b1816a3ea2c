using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Api;

/// <summary>
/// The read-only JSON API (docs/decisions/0029-read-only-json-api.md): every registered kind's list and records at
/// /api/v1/{kind} and /api/v1/{kind}/{id}, written once. Signed in by a personal token only (never the cookie, so
/// there is no cross-site request to forge); a record the caller may not see is 404, as on the pages.
/// </summary>
[ApiController]
[Route(ApiSetup.PathBase + "/{kind}")]
[Authorize(AuthenticationSchemes = ApiTokenAuthentication.SchemeName)]
[IgnoreAntiforgeryToken]
public sealed class ApiRecordsController(IEnumerable<IRecordListing> listings) : ControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> List(string kind, CancellationToken ct) =>
        Listing(kind) is { } listing ? Answer(await listing.ListAsync(Request.Query, CrmUser.From(User), ct)) : UnknownKind();

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(string kind, int id, CancellationToken ct) =>
        Listing(kind) is { } listing ? Answer(await listing.FindAsync(id, CrmUser.From(User), ct)) : UnknownKind();

    private IRecordListing? Listing(string kind) => listings.FirstOrDefault(l => string.Equals(l.Kind.Key, kind, StringComparison.Ordinal));

    private IActionResult UnknownKind() => Answer(ApiAnswer.NotFound);

    private IActionResult Answer(ApiAnswer answer)
    {
        if (answer.Status == StatusCodes.Status200OK)
        {
            return Ok(answer.Body);
        }

        var l = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        var detail = answer.Error ?? l["No such record, or you may not see it."];
        return new ObjectResult(ApiErrors.Problem(answer.Status, detail)) { StatusCode = answer.Status, ContentTypes = { "application/problem+json" } };
    }
}
