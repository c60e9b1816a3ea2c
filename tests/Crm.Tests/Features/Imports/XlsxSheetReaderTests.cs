using System.Diagnostics;
using Crm.Web.Features.Imports;
using MiniExcelLibs;

namespace Crm.Tests.Features.Imports;

/// <summary>The .xlsx reader on its own: the values it gives, and what hostile workbooks cost it.</summary>
public sealed class XlsxSheetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crm-xlsx").FullName;

    private static string Text(string s) => s;

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".upload");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static List<SourceRow> Read(string path, ImportLimits? limits = null, CancellationToken ct = default) =>
        XlsxSheetReader.Read(path, limits ?? ImportLimits.Default, Text, ct).ToList();

    [Fact]
    public void Dates_numbers_booleans_shared_and_inline_strings_are_read_as_text_with_their_excel_row_numbers()
    {
        const string styles = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="{Workbooks.Main}">
            <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\ hh:mm"/><numFmt numFmtId="165" formatCode="&quot;Réf. &quot;0"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
            </styleSheet>
            """;
        const string shared = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="{Workbooks.Main}" count="4" uniqueCount="4">
            <si><t>Nom</t></si>
            <si><t>Naissance</t></si>
            <si><r><rPr><b/></rPr><t>Éloïse </t></r><r><t xml:space="preserve">Martin</t></r><rPh sb="0" eb="1"><t>ÉLO</t></rPh></si>
            <si><t xml:space="preserve">  </t></si>
            </sst>
            """;
        var sheet = Workbooks.Sheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>SIRET</t></is></c><c t="inlineStr"><is><t>Montant</t></is></c><c r="E1" t="inlineStr"><is><t>Actif</t></is></c><c r="F1" t="inlineStr"><is><t>RDV</t></is></c><c r="G1" t="inlineStr"><is><t>Code</t></is></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45292</v></c><c r="C2"><v>73282932000074</v></c><c r="D2"><v>1234.5</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" s="2"><v>45292.75</v></c><c r="G2" s="3"><v>42</v></c></row>
            <row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="1"/></row>
            <row r="5"><c r="A5" t="str"><f>UPPER("x")</f><v>DURAND</v></c><c r="C5" t="d"><v>2024-03-01T00:00:00</v></c><c r="D5"><v>1.5E-3</v></c></row>
            """);

        var rows = Read(Write(Workbooks.Build(sheet, shared, styles)));

        Assert.Equal([1, 2, 5], rows.Select(r => r.Number));
        Assert.Equal(["Nom", "Naissance", "SIRET", "Montant", "Actif", "RDV", "Code"], rows[0].Values);
        Assert.Equal(["Éloïse Martin", "2024-01-01", "73282932000074", "1234.5", "True", "2024-01-01 18:00", "42"], rows[1].Values);
        Assert.Equal(["DURAND", "", "2024-03-01", "0.0015"], rows[2].Values);
    }

    [Fact]
    public void A_workbook_written_by_miniexcel_reads_as_the_previous_reader_read_it()
    {
        var path = Path.Combine(_dir, "book.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["Prénom"] = "Éloïse", ["Nom"] = "Martin", ["SIRET"] = 73282932000074d, ["Né le"] = new DateTime(1984, 5, 17), ["Vu"] = new DateTime(2024, 1, 2, 9, 30, 0), ["Score"] = 12.75, ["Note"] = null },
            new Dictionary<string, object?> { ["Prénom"] = "Paul", ["Nom"] = "Durand", ["SIRET"] = "732 829 320", ["Né le"] = null, ["Vu"] = null, ["Score"] = -3d, ["Note"] = "Client \"fidèle\" & <VIP>" },
        });

        // What ImportTable made of MiniExcel's rows before it had a reader of its own.
        var before = MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX)
            .Select(row => ((IDictionary<string, object?>)row).Values.Select(ImportTable.CellText).ToArray())
            .Select(values => values.Reverse().SkipWhile(string.IsNullOrEmpty).Reverse().ToArray())
            .ToList();

        Assert.Equal(before, Read(path).Select(r => r.Values));
        Assert.Equal("1984-05-17", before[1][3]);
    }

    [Fact]
    public void A_zip_bomb_is_refused_from_its_central_directory_before_any_byte_is_unzipped()
    {
        var path = Write(Workbooks.Bomb(256, inSharedStrings: false));
        Assert.True(new FileInfo(path).Length < 1024 * 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImportFileException>(() => Read(path));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("The Excel workbook cannot be imported: a part of it grows more than 100 times when unzipped.", error.Message);
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Theory]
    [InlineData(false, "Row 2: a value is longer than 32,767 characters.")]
    [InlineData(true, "The Excel workbook holds a value longer than 32,767 characters.")]
    public void A_zip_bomb_let_through_the_size_checks_is_still_read_in_bounded_memory(bool inSharedStrings, string message)
    {
        // Ratio and sizes unchecked: what remains is the streaming read, which must stop at the first over-long value.
        var limits = ImportLimits.Default with { MaxCompressionRatio = int.MaxValue, MaxUnzippedBytes = long.MaxValue, MaxSharedStringsBytes = long.MaxValue };
        var path = Write(Workbooks.Bomb(256, inSharedStrings));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImportFileException>(() => Read(path, limits, timeout.Token));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(message, error.Message);
        Assert.True(allocated < 64 * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Fact]
    public void A_tag_longer_than_any_value_is_refused_before_the_xml_reader_holds_it()
    {
        var limits = ImportLimits.Default with { MaxCompressionRatio = int.MaxValue };
        var sheet = Workbooks.Sheet($"""<row r="1">{Workbooks.Inline("A1", "Nom")}</row><row r="2" spans="{new string('1', 16 * 1024 * 1024)}">{Workbooks.Inline("A2", "Martin")}</row>""");
        var path = Write(Workbooks.Build(sheet));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImportFileException>(() => Read(path, limits));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("The Excel workbook holds a value longer than 32,767 characters.", error.Message);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Fact]
    public void A_part_that_unzips_to_more_than_the_limit_is_refused_while_it_is_read()
    {
        var limits = ImportLimits.Default with { MaxCompressionRatio = int.MaxValue, MaxUnzippedBytes = 8 * 1024 * 1024, MaxCellLength = int.MaxValue };
        var error = Assert.Throws<ImportFileException>(() => Read(Write(Workbooks.Bomb(16, inSharedStrings: false)), limits));
        Assert.Equal("The Excel workbook is too large once unzipped: the limit is 8 MB. Split it into smaller files.", error.Message);
    }

    [Fact]
    public void Empty_styled_cells_up_to_column_XFD_cost_nothing_and_add_no_column()
    {
        var path = Write(Workbooks.ReachingXfd(5000, xfdHasValue: false));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var rows = Read(path, ct: timeout.Token);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(5001, rows.Count);
        Assert.All(rows, r => Assert.Single(r.Values));
        Assert.True(allocated < 64 * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Fact]
    public void A_value_in_column_XFD_is_refused_at_its_row()
    {
        var path = Write(Workbooks.ReachingXfd(5000, xfdHasValue: true));
        var error = Assert.Throws<ImportFileException>(() => Read(path));
        Assert.Equal("Row 2 has more than 200 columns (a value in column XFD).", error.Message);
    }

    [Fact]
    public void Reading_stops_when_the_request_is_cancelled()
    {
        var path = Write(Workbooks.ReachingXfd(5000, xfdHasValue: false));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Read(path, ct: cancelled.Token));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
