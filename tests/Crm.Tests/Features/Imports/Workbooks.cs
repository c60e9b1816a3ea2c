using System.IO.Compression;
using System.Text;

namespace Crm.Tests.Features.Imports;

/// <summary>.xlsx files written part by part, as hostile or unusual as a test needs them.</summary>
public static class Workbooks
{
    public const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook of one sheet; the parts are the XML given, or written by <paramref name="writeSheet"/> as a stream.</summary>
    public static byte[] Build(string? sheetXml, string? sharedStringsXml = null, string? stylesXml = null, Action<Stream>? writeSheet = null, Action<Stream>? writeSharedStrings = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="xml" ContentType="application/xml"/>
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """);
            Write(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Write(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Contacts" sheetId="1" r:id="rId7"/></sheets></workbook>
                """);
            Write(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """);
            Part(zip, "xl/worksheets/sheet1.xml", sheetXml, writeSheet);
            Part(zip, "xl/sharedStrings.xml", sharedStringsXml, writeSharedStrings);
            if (stylesXml is not null)
            {
                Write(zip, "xl/styles.xml", stylesXml);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A sheet of the given rows' XML (the &lt;row&gt; elements).</summary>
    public static string Sheet(string rows) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>{rows}</sheetData></worksheet>""";

    public static string Inline(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";

    /// <summary>
    /// A workbook of a few hundred KB whose sheet (or shared strings) part unzips to <paramref name="megabytes"/> MB:
    /// one cell made of the same byte repeated.
    /// </summary>
    public static byte[] Bomb(int megabytes, bool inSharedStrings)
    {
        void Repeated(Stream stream, string before, string after)
        {
            stream.Write(Encoding.UTF8.GetBytes(before));
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'A');
            for (var i = 0; i < megabytes; i++)
            {
                stream.Write(block);
            }

            stream.Write(Encoding.UTF8.GetBytes(after));
        }

        var header = Inline("A1", "Nom");
        return inSharedStrings
            ? Build(Sheet($"""<row r="1">{header}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>"""),
                writeSharedStrings: s => Repeated(s, $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}" count="1" uniqueCount="1"><si><t>""", "</t></si></sst>"))
            : Build(null, writeSheet: s => Repeated(s,
                $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData><row r="1">{header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>""",
                "</t></is></c></row></sheetData></worksheet>"));
    }

    /// <summary>A header, then <paramref name="rows"/> rows each holding a name in A and one value in column XFD, the last Excel has.</summary>
    public static byte[] ReachingXfd(int rows, bool xfdHasValue) =>
        Build(Sheet($"""<row r="1">{Inline("A1", "Nom")}</row>""" + string.Concat(Enumerable.Range(2, rows).Select(r =>
            $"""<row r="{r}">{Inline($"A{r}", $"Nom{r}")}{(xfdHasValue ? Inline($"XFD{r}", "x") : EmptyStyled($"XFD{r}"))}</row>"""))));

    private static string EmptyStyled(string reference) => $"""<c r="{reference}" s="0"/>""";

    private static void Part(ZipArchive zip, string name, string? xml, Action<Stream>? write)
    {
        if (write is not null)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            write(stream);
        }
        else if (xml is not null)
        {
            Write(zip, name, xml);
        }
    }

    private static void Write(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }
}
