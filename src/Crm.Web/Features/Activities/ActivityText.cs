using System.Net;
using Crm.Web.Infrastructure.Text;
using Microsoft.AspNetCore.Html;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Renders an activity's text. Plain text is encoded; Markdown goes through <see cref="SafeMarkdown"/> (raw HTML
/// disabled, then an allow-list sanitizer). A note's headings sit under the timeline's (an h2 with the record's h1
/// above it): a note's top heading is an h3.
/// </summary>
public sealed class ActivityText
{
    /// <summary>The level a note's top heading takes: under the timeline's h2.</summary>
    public const int TopHeadingLevel = 3;

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

        return new HtmlString(SafeMarkdown.ToHtml(body, TopHeadingLevel));
    }
}
