using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Pages;

/// <summary>A record picker of a form (_RecordPicker): its combobox, its list of options and the hidden input that carries the id.</summary>
public sealed class RecordPicker(IPage page, string label)
{
    public ILocator Box => page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });

    public ILocator Options => page.Locator($"#{Id}-listbox [role=option]");

    /// <summary>The hidden input the form posts: the field the combobox's id names.</summary>
    public ILocator Value => page.Locator($"input[type=hidden][name={Id}]");

    private string Id => label switch
    {
        "Company" => "CompanyId",
        "Parent company" => "ParentCompanyId",
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    public ILocator Option(string text) => Options.Filter(new() { HasTextString = text });

    /// <summary>Types <paramref name="typed"/> and clicks the option that reads <paramref name="option"/>.</summary>
    public async Task PickAsync(string typed, string option)
    {
        await Box.FillAsync(typed);
        await Option(option).First.ClickAsync();
        await Expect(Box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(option)));
    }
}
