using Crm.Web.Features.Activities;

namespace Crm.Tests.Features.Activities;

public sealed class ActivityTextTests
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

    [Fact]
    public void Headings_in_a_note_sit_under_the_timeline_heading()
    {
        var html = Render("# Call summary\n\n## Next steps\n\n###### Small", TextFormat.Markdown);
        Assert.Contains("<h3", html, StringComparison.Ordinal);
        Assert.Contains("<h4", html, StringComparison.Ordinal);
        Assert.Contains("<h6", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_shows_markdown_markers_as_typed()
    {
        Assert.Equal("**as typed**", Render("**as typed**", TextFormat.Plain));
    }
}
