using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>A contact's or company's details page: the inline activity form and the timeline.</summary>
public sealed class RecordDetailsPage(IPage page)
{
    public ILocator Heading => page.Locator("main h1").First;

    public ILocator TimelineEntries => page.Locator("li.crm-timeline-entry");

    public async Task LogAsync(string kind, string subject, string text, int? minutes = null)
    {
        var form = page.Locator("form[data-log-activity]");
        await form.Locator($"label[for='kind-{kind.ToLowerInvariant()}']").ClickAsync();
        await form.Locator("input[name=Subject]").FillAsync(subject);
        if (minutes is not null)
        {
            await form.Locator("input[name=DurationMinutes]").FillAsync(minutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await form.Locator("select[name=BodyFormat]").SelectOptionAsync("Markdown");
        await form.Locator("textarea[name=Body]").FillAsync(text);
        await form.Locator("button[type=submit]").ClickAsync();
    }
}
