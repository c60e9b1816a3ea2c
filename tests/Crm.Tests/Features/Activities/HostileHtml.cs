using AngleSharp.Html.Parser;

namespace Crm.Tests.Features.Activities;

/// <summary>Checks rendered HTML the way a browser reads it: no script or embedding element, no event handler, no script URL.</summary>
public static class HostileHtml
{
    public static void AssertHarmless(string html)
    {
        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, svg, style, form, input"));
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                if (attribute.Name is "href" or "src")
                {
                    var value = attribute.Value.Trim();
                    Assert.True(value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase), $"unsafe {attribute.Name}: {value}");
                }
            }
        }
    }
}
