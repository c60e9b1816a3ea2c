using System.Text;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Reads CSV files as they really come: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"),
/// or Windows-1252 as French Excel writes it; separated by commas, semicolons or tabs.
/// </summary>
public static class CsvSniffer
{
    public static readonly char[] Separators = [',', ';', '\t'];

    public static Encoding Windows1252 { get; } = GetWindows1252();

    private static Encoding GetWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>
    /// The file's text encoding, or null when it is not text (NUL bytes outside UTF-16).
    /// The whole file is decoded as strict UTF-8: a single invalid sequence, wherever it is, means Windows-1252.
    /// </summary>
    public static Encoding? DetectEncoding(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var first = stream.ReadAtLeast(buffer, 3, throwOnEndOfStream: false);
        if (first >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)))
        {
            return buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
        }

        var hasBom = first >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[buffer.Length + 4];
        var utf8 = true;
        var read = first;
        while (read > 0)
        {
            if (buffer.AsSpan(0, read).Contains((byte)0))
            {
                return null;
            }

            if (utf8)
            {
                try
                {
                    decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    utf8 = false;
                }
            }

            read = stream.Read(buffer, 0, buffer.Length);
        }

        if (utf8)
        {
            try
            {
                decoder.GetChars([], 0, 0, chars, 0, flush: true);
            }
            catch (DecoderFallbackException)
            {
                utf8 = false;
            }
        }

        return utf8 || hasBom ? new UTF8Encoding(false) : Windows1252;
    }

    /// <summary>The separator of the first lines: the candidate found in the header and most consistently in the next records, outside quotes.</summary>
    public static char DetectSeparator(string sample)
    {
        var records = SplitRecords(sample, 10);
        if (records.Count == 0)
        {
            return ',';
        }

        var best = ',';
        var bestScore = (Consistent: -1, Count: 0);
        foreach (var candidate in Separators)
        {
            var counts = records.Select(r => CountOutsideQuotes(r, candidate)).ToList();
            if (counts[0] == 0)
            {
                continue;
            }

            var score = (Consistent: counts.Count(c => c == counts[0]), Count: counts[0]);
            if (score.Consistent > bestScore.Consistent || (score.Consistent == bestScore.Consistent && score.Count > bestScore.Count))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The first records of the text; line breaks inside quotes do not end a record.</summary>
    private static List<string> SplitRecords(string text, int max)
    {
        var records = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < text.Length && records.Count < max; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c is '\n' or '\r')
            {
                if (i > start)
                {
                    records.Add(text[start..i]);
                }

                start = i + 1;
            }
        }

        // The sample may stop mid-record; a last partial record would skew the counts.
        if (records.Count == 0 && start < text.Length)
        {
            records.Add(text[start..]);
        }

        return records;
    }

    private static int CountOutsideQuotes(string record, char separator)
    {
        var count = 0;
        var inQuotes = false;
        foreach (var c in record)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == separator && !inQuotes)
            {
                count++;
            }
        }

        return count;
    }
}
