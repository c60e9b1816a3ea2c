using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Search;

/// <summary>The global search box's page. Each feature that holds records adds its results here.</summary>
public sealed class SearchController : Controller
{
    public IActionResult Index(string? q) => View(new SearchPage(q?.Trim() ?? string.Empty));
}

public sealed record SearchPage(string Query);
