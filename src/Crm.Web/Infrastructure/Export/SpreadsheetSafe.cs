namespace Crm.Web.Infrastructure.Export;

/// <summary>
/// Text that a spreadsheet opening a CSV file will not run as a formula (CSV/formula injection, ARCHITECTURE §8): a
/// value that starts with = + - @ tab or CR gets a leading single quote. Only plain-text files need it: an .xlsx text
/// cell is never evaluated, so the workbook exports write values unchanged (a phone stays "+33 6 …"). An import strips
/// the quote again (<see cref="Unquote"/>), so a file that went through a protecting tool comes back as it was.
/// </summary>
public static class SpreadsheetSafe
{
    public static string? Text(string? value) =>
        string.IsNullOrEmpty(value) || !IsFormulaLeading(value[0]) ? value : "'" + value;

    /// <summary>The value without the single quote that protected a formula-leading value; any other value as it is.</summary>
    public static string Unquote(string value) =>
        value.Length > 1 && value[0] == '\'' && IsFormulaLeading(value[1]) ? value[1..] : value;

    public static bool IsFormulaLeading(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
