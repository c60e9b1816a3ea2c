using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>/Contacts/Import: the upload step.</summary>
public sealed class ImportUploadPage(IPage page)
{
    public ILocator Form => page.GetByTestId("import-upload");

    public ILocator Error => page.GetByTestId("import-error");

    public async Task UploadAsync(string fileName, string mimeType, byte[] content)
    {
        await Form.Locator("input[type=file][name=file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        await Form.Locator("button[type=submit]").ClickAsync();
    }
}

/// <summary>/Imports/Map/{id}: one select per column of the file, pre-set to the guessed field.</summary>
public sealed class ImportMapPage(IPage page)
{
    public ILocator Form => page.GetByTestId("import-map");

    /// <summary>The select of the column whose header is <paramref name="header"/>.</summary>
    public ILocator FieldFor(string header) =>
        Form.Locator("tbody tr", new() { Has = page.Locator("th", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(header) + "$") }) }).Locator("select[name^=\"Columns\"]");

    /// <summary>The text of the option selected for that column, e.g. "First name".</summary>
    public Task<string> GuessedFieldAsync(string header) =>
        FieldFor(header).EvaluateAsync<string>("s => s.options[s.selectedIndex].text.trim()");

    public Task ContinueAsync() => Form.Locator("button[type=submit]").ClickAsync();
}

/// <summary>/Imports/Preview/{id}: the first rows as the import will treat them.</summary>
public sealed class ImportPreviewPage(IPage page)
{
    public ILocator Table => page.GetByTestId("import-preview");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator ErrorRows => Table.Locator("tbody tr.table-danger");

    public Task RunAsync() => page.Locator("form[action^='/Imports/Run/'] button[type=submit]").ClickAsync();
}

/// <summary>/Imports/Status/{id}: the progress bar, then the counts and the error file.</summary>
public sealed class ImportStatusPage(IPage page)
{
    public ILocator Counts => page.GetByTestId("import-counts");

    public ILocator Count(string field) => Counts.Locator($"[data-field={field}]");

    public ILocator Done => page.Locator("[data-field=done]");

    public ILocator ErrorFileLink => page.GetByTestId("import-error-file");
}
