using Crm.Web.Features.Activities;

namespace Crm.Tests.Features.Activities;

public sealed partial class ActivityTextTests
{
    private readonly ActivityText _text = new();

    private string Render(string body, TextFormat format) => _text.Render(body, format).ToString() ?? string.Empty;

    [Fact]
    public void Markdown_keeps_emphasis_lists_and_safe_links()
    {
        var html = Render("**Bold** and *it*\n\n- one\n- two\n\n[site](https://example.fr)", TextFormat.Markdown);
        Assert.Contains("<strong>Bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<li>one</li>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.fr\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    public void Hostile_markdown_never_yields_a_script_a_handler_or_a_javascript_url(string body)
    {
        HostileHtml.AssertHarmless(Render(body, TextFormat.Markdown));
    }

    [Fact]
    public void Raw_html_in_markdown_shows_as_text()
    {
        var html = Render("<script>alert(1)</script>", TextFormat.Markdown);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_is_encoded_and_keeps_its_line_breaks()
    {
        var html = Render("<b>hi</b>\nnext & last", TextFormat.Plain);
        Assert.Equal("&lt;b&gt;hi&lt;/b&gt;<br>next &amp; last", html);
    }

    [Theory]
    [InlineData("# Call summary\n\n## Next steps\n\n###### Small", "h3 h4 h5")]
    [InlineData("### To do\n\n- one", "h3")]
    [InlineData("## Discussed\n\n#### Detail\n\n## Decided", "h3 h4 h3")]
    [InlineData("Text\n\n# One\n\n# Two", "h3 h3")]
    public void Headings_in_a_note_sit_under_the_timeline_heading_without_skipping_a_level(string body, string levels)
    {
        var html = Render(body, TextFormat.Markdown);
        Assert.Equal(levels, string.Join(' ', HeadingTag().Matches(html).Select(m => m.Groups[1].Value)));
    }

    [System.Text.RegularExpressions.GeneratedRegex("<(h[1-6])[ >]")]
    private static partial System.Text.RegularExpressions.Regex HeadingTag();

    [Fact]
    public void Plain_text_shows_markdown_markers_as_typed()
    {
        Assert.Equal("**as typed**", Render("**as typed**", TextFormat.Plain));
    }
}
