using Crm.Web.Infrastructure.Text;
using Microsoft.AspNetCore.Html;

namespace Crm.Web.Features.Knowledge;

/// <summary>An article's Markdown as sanitised HTML, its headings under the page's h1 (the title).</summary>
public static class KnowledgeText
{
    public const int TopHeadingLevel = 2;

    public static IHtmlContent Render(string body) => new HtmlString(SafeMarkdown.ToHtml(body, TopHeadingLevel));
}
