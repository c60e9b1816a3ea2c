using System.Net;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Microsoft.AspNetCore.Html;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Renders an activity's text. Plain text is encoded; Markdown goes through Markdig with raw HTML disabled, then
/// through an allow-list sanitizer, so neither <c>&lt;script&gt;</c> nor a <c>javascript:</c> link survives. A note's
/// headings sit under the timeline's (an h2 with the record's h1 above it): a note's top heading is an h3, so that the
/// page's outline stays whole for screen readers (no level skipped).
/// </summary>
public sealed class ActivityText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    /// <summary>The level a note's top heading takes: under the timeline's h2.</summary>
    public const int TopHeadingLevel = 3;

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public IHtmlContent Render(string? body, TextFormat format)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return HtmlString.Empty;
        }

        if (format == TextFormat.Plain)
        {
            var encoded = WebUtility.HtmlEncode(body.Trim()).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
            return new HtmlString(encoded);
        }

        var document = Markdown.Parse(body, Pipeline);
        SitUnderTheTimeline(document.Descendants<HeadingBlock>().ToList());

        return new HtmlString(_sanitizer.Sanitize(document.ToHtml(Pipeline)));
    }

    /// <summary>
    /// The note's highest heading becomes an h3 and the others keep their place below it, never more than one level
    /// deeper than the heading before them ("### To do" alone is an h3; "# A" then "### B" is an h3 then an h4).
    /// </summary>
    private static void SitUnderTheTimeline(IReadOnlyList<HeadingBlock> headings)
    {
        if (headings.Count == 0)
        {
            return;
        }

        var top = headings.Min(h => h.Level);
        var previous = TopHeadingLevel - 1;
        foreach (var heading in headings)
        {
            var level = Math.Min(heading.Level - top + TopHeadingLevel, previous + 1);
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
                "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
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
