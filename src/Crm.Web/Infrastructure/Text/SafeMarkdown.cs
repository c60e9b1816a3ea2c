using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace Crm.Web.Infrastructure.Text;

/// <summary>
/// Markdown people type (activity notes, knowledge articles) turned into HTML that is safe to show: Markdig with raw
/// HTML disabled, then an allow-list sanitizer, so neither <c>&lt;script&gt;</c>, an <c>onerror</c> attribute nor a
/// <c>javascript:</c> link survives. Headings are moved under the page's own (<see cref="ToHtml"/>'s top level), so the
/// page's outline stays whole for screen readers (no level skipped).
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>The Markdown as sanitised HTML; its highest heading becomes an h<paramref name="topHeadingLevel"/>.</summary>
    public static string ToHtml(string markdown, int topHeadingLevel)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        SitUnder(document.Descendants<HeadingBlock>().ToList(), topHeadingLevel);
        return Sanitizer.Sanitize(document.ToHtml(Pipeline));
    }

    /// <summary>The text without its Markdown marks (an excerpt in a list, a search result).</summary>
    public static string ToPlainText(string markdown) => Markdown.ToPlainText(markdown, Pipeline).Trim();

    /// <summary>
    /// The highest heading takes <paramref name="top"/> and the others keep their place below it, never more than one
    /// level deeper than the heading before them ("### To do" alone is at the top; "# A" then "### B" are top, top + 1).
    /// </summary>
    private static void SitUnder(IReadOnlyList<HeadingBlock> headings, int top)
    {
        if (headings.Count == 0)
        {
            return;
        }

        var highest = headings.Min(h => h.Level);
        var previous = top - 1;
        foreach (var heading in headings)
        {
            var level = Math.Min(heading.Level - highest + top, previous + 1);
            heading.Level = Math.Min(level, 6);
            previous = heading.Level;
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
                "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
