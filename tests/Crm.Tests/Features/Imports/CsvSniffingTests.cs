using System.Text;
using Crm.Web.Features.Imports;

namespace Crm.Tests.Features.Imports;

public sealed class CsvSniffingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crm-sniff").FullName;

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Text(string s) => s;

    private (SourceFormat Format, IReadOnlyList<string> Headers, List<SourceRow> Rows) Read(byte[] bytes)
    {
        var format = ImportTable.Sniff(Write(bytes), Text);
        return (format, ImportTable.Headers(format, Text), ImportTable.DataRows(format, Text).ToList());
    }

    [Theory]
    [InlineData("Nom,Prénom,Email\nMartin,Éloïse,e@x.fr\n", ',')]
    [InlineData("Nom;Prénom;Email\nMartin;Éloïse;e@x.fr\n", ';')]
    [InlineData("Nom\tPrénom\tEmail\nMartin\tÉloïse\te@x.fr\n", '\t')]
    public void The_separator_is_detected_from_the_header_and_first_lines(string csv, char expected)
    {
        var (format, headers, rows) = Read(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(expected, format.Separator);
        Assert.Equal(["Nom", "Prénom", "Email"], headers);
        Assert.Equal(["Martin", "Éloïse", "e@x.fr"], rows.Single().Values);
    }

    [Fact]
    public void Separators_inside_quotes_do_not_count()
    {
        // Three commas inside quotes on every line, but one semicolon outside.
        Assert.Equal(';', CsvSniffer.DetectSeparator("\"Dupont, Martin, et Cie, SA\";Ville\n\"A, B, C, D\";Paris\n"));
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_is_read_without_it()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Société;Prénom\r\nCafé Noël;Éloïse\r\n")).ToArray();
        var (format, headers, rows) = Read(bytes);
        Assert.Equal("utf-8", format.Encoding);
        Assert.Equal("Société", headers[0]);
        Assert.Equal(["Café Noël", "Éloïse"], rows.Single().Values);
    }

    [Fact]
    public void Utf8_without_a_byte_order_mark_is_recognised()
    {
        var (format, _, rows) = Read(new UTF8Encoding(false).GetBytes("Société;Prénom\r\nCafé Noël;Éloïse\r\n"));
        Assert.Equal("utf-8", format.Encoding);
        Assert.Equal("Éloïse", rows.Single().Values[1]);
    }

    [Fact]
    public void Windows_1252_as_French_Excel_writes_it_is_recognised()
    {
        var bytes = CsvSniffer.Windows1252.GetBytes("Société;Prénom\r\nCafé Noël;Éloïse\r\n");
        Assert.Equal(0xE9, bytes[4]); // "é" is one byte, not valid UTF-8 on its own
        var (format, headers, rows) = Read(bytes);
        Assert.Equal("windows-1252", format.Encoding);
        Assert.Equal(';', format.Separator);
        Assert.Equal(["Société", "Prénom"], headers);
        Assert.Equal(["Café Noël", "Éloïse"], rows.Single().Values);
    }

    [Fact]
    public void A_1252_character_far_from_the_start_still_means_1252()
    {
        var text = "Nom;Ville\r\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"Nom{i};Paris\r\n")) + "Noël;Orléans\r\n";
        var (format, _, rows) = Read(CsvSniffer.Windows1252.GetBytes(text));
        Assert.Equal("windows-1252", format.Encoding);
        Assert.Equal(["Noël", "Orléans"], rows[^1].Values);
    }

    [Fact]
    public void Quoted_fields_keep_their_line_breaks_and_row_numbers_follow_records()
    {
        var csv = "Nom,Adresse,Ville\r\nMartin,\"12 rue des Lilas\r\nBâtiment B\",Lyon\r\nDurand,\"3 \"\"bis\"\" avenue\",Paris\r\n";
        var (_, _, rows) = Read(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(2, rows.Count);
        Assert.Equal("12 rue des Lilas\r\nBâtiment B", rows[0].Values[1]);
        Assert.Equal("3 \"bis\" avenue", rows[1].Values[1]);
        Assert.Equal([2, 3], rows.Select(r => r.Number));
    }

    [Fact]
    public void An_unclosed_quote_is_a_clear_error()
    {
        var path = Write(Encoding.UTF8.GetBytes("Nom,Ville\nMartin,\"Lyon\nDurand,Paris\n"));
        var format = ImportTable.Sniff(path, Text);
        var error = Assert.Throws<ImportFileException>(() => ImportTable.CheckAndCount(format, Text));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nom,Note\nMartin,\"{0}\"\nDurand,Paris\n", "Line 2: a value is longer than 32,767 characters.")]
    [InlineData("Nom,Note\nMartin,{0}\nDurand,Paris\n", "Line 2: a value is longer than 32,767 characters.")]
    [InlineData("Nom,Note\nMartin,Lyon\nDurand,\"{0}\nDupont,Paris\n", "The file is malformed: a quote (\") opened on line 3 is never closed.")]
    [InlineData("Nom,Note\nMartin,\"court\"\"\r\n{0}\"\nDurand,Paris\n", "Line 2: a value is longer than 32,767 characters.")]
    public void An_over_long_value_is_told_from_an_unclosed_quote(string csv, string message)
    {
        var format = ImportTable.Sniff(Write(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, csv, new string('x', 40_000)))), Text);
        Assert.Equal(message, Assert.Throws<ImportFileException>(() => ImportTable.CheckAndCount(format, Text)).Message);
    }

    [Fact]
    public void Values_at_the_limit_and_empty_columns_past_it_are_accepted()
    {
        var csv = $"Nom,Note{new string(',', 300)}\nMartin,\"{new string('x', 32_767)}\"\n";
        var format = ImportTable.Sniff(Write(Encoding.UTF8.GetBytes(csv)), Text);
        Assert.Equal(1, ImportTable.CheckAndCount(format, Text).Rows);
        var row = ImportTable.DataRows(format, Text).Single();
        Assert.Equal(32_767, row.Values[1].Length);
        Assert.Equal(200, ImportTable.Headers(format, Text).Count);
    }

    [Fact]
    public void Binary_content_is_refused_whatever_the_name()
    {
        var error = Assert.Throws<ImportFileException>(() => ImportTable.Sniff(Write([0x4D, 0x5A, 0x00, 0x01, 0x00, 0x00]), Text));
        Assert.Contains("neither", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_is_refused()
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            entry.Write("hello");
        }

        Assert.Equal(ImportFileKind.Unknown, ImportFileKinds.Detect(Write(memory.ToArray())));
    }

    [Fact]
    public void An_xlsx_workbook_is_read_first_row_as_headers()
    {
        var path = Path.Combine(_dir, "book.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["Prénom"] = "Éloïse", ["Nom"] = "Martin", ["SIRET"] = 73282932000074d },
        });
        var renamed = Path.Combine(_dir, "book.upload");
        File.Move(path, renamed);

        var format = ImportTable.Sniff(renamed, Text);
        Assert.Equal(ImportFileKind.Xlsx, format.Kind);
        Assert.Equal(["Prénom", "Nom", "SIRET"], ImportTable.Headers(format, Text));
        Assert.Equal(["Éloïse", "Martin", "73282932000074"], ImportTable.DataRows(format, Text).Single().Values);
    }

    [Fact]
    public void Empty_and_header_only_files_are_clear_errors()
    {
        Assert.Contains("empty", Assert.Throws<ImportFileException>(() => ImportTable.Sniff(Write([]), Text)).Message, StringComparison.Ordinal);
        var headerOnly = ImportTable.Sniff(Write(Encoding.UTF8.GetBytes("Nom;Prénom\r\n")), Text);
        Assert.Contains("no data", Assert.Throws<ImportFileException>(() => ImportTable.CheckAndCount(headerOnly, Text)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
