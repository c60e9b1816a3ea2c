using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>What every signed-in page has: the navigation bar and the user menu with the language switch.</summary>
public sealed class AppShell(IPage page)
{
    public ILocator Navigation => page.Locator("nav.crm-navbar");

    public ILocator NavLink(string text) => Navigation.Locator(".navbar-nav .nav-link", new() { HasTextString = text });

    public ILocator UserMenu => page.GetByTestId("user-menu");

    public Task OpenUserMenuAsync() => UserMenu.ClickAsync();

    public async Task SwitchLanguageAsync(string language)
    {
        if (await UserMenu.GetAttributeAsync("aria-expanded") != "true")
        {
            await OpenUserMenuAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = language, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
