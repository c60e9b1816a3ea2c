using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Search;

/// <summary>The global search: the search box's suggestions as JSON, and the full results page.</summary>
public sealed class SearchController : Controller
{
    public const int SuggestionsPerKind = 5;
    public const int ResultsPerKind = 20;

    public async Task<IActionResult> Index(string? q, [FromServices] SearchRecords search, CancellationToken ct)
    {
        var query = q?.Trim() ?? string.Empty;
        var results = await search.Handle(query, CrmUser.From(User), ResultsPerKind, ct);
        return View(new SearchPage(query, results));
    }

    public async Task<IActionResult> Suggest(string? q, [FromServices] SearchRecords search, CancellationToken ct)
    {
        var query = q?.Trim() ?? string.Empty;
        var results = query.Length > 200 ? SearchRecords.Results.None : await search.Handle(query, CrmUser.From(User), SuggestionsPerKind, ct);
        Response.Headers.CacheControl = "no-store";
        return Json(new { contacts = results.Contacts, companies = results.Companies, all = $"/Search?q={Uri.EscapeDataString(query)}" });
    }
}

public sealed record SearchPage(string Query, SearchRecords.Results Results);
