namespace Crm.Web.Infrastructure.Export;

/// <summary>
/// Cell text that a spreadsheet will not run as a formula (CSV/formula injection, ARCHITECTURE §8): a value that
/// starts with = + - @ tab or CR gets a leading single quote, which Excel and LibreOffice show as text.
/// </summary>
public static class SpreadsheetSafe
{
    public static string? Text(string? value) =>
        string.IsNullOrEmpty(value) || !IsFormulaLeading(value[0]) ? value : "'" + value;

    public static bool IsFormulaLeading(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
