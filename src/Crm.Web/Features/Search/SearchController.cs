using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Search;

/// <summary>The global search: the search box's suggestions as JSON, and the full results page.</summary>
public sealed class SearchController(IStringLocalizer<SharedResource> localizer) : Controller
{
    public const int SuggestionsPerKind = 5;
    public const int ResultsPerKind = 20;

    public async Task<IActionResult> Index(string? q, [FromServices] SearchRecords search, CancellationToken ct)
    {
        var query = q?.Trim() ?? string.Empty;
        var results = await search.Handle(query, CrmUser.From(User), ResultsPerKind, ct);
        return View(new SearchPage(query, results));
    }

    /// <summary>The search box's suggestions: one group per searched kind, in the kinds' order (read by wwwroot/js/site.js).</summary>
    public async Task<IActionResult> Suggest(string? q, [FromServices] SearchRecords search, CancellationToken ct)
    {
        var query = q?.Trim() ?? string.Empty;
        var results = query.Length > 200 ? search.None() : await search.Handle(query, CrmUser.From(User), SuggestionsPerKind, ct);
        Response.Headers.CacheControl = "no-store";
        return Json(new
        {
            groups = results.Groups.Select(g => new { key = g.Kind.Key, title = localizer[g.Kind.Plural].Value, hits = g.Hits }),
            all = $"/Search?q={Uri.EscapeDataString(query)}",
        });
    }
}

public sealed record SearchPage(string Query, SearchRecords.Results Results);
