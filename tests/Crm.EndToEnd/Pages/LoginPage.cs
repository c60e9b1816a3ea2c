using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>/Account/Login: the email and password fields, the submit button and the error summary.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.Locator("input[name=Email]");

    public ILocator Password => page.Locator("input[name=Password]");

    public ILocator Submit => page.Locator("form[action='/Account/Login'] button[type=submit]");

    public ILocator Errors => page.GetByTestId("error-summary");

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }
}
