using System.Text;

namespace Crm.Web.Features.Imports;

/// <summary>One contact card of a .vcf file; <see cref="Line"/> is the line of its BEGIN:VCARD.</summary>
public sealed record VCardContact(
    int Line,
    string? FirstName,
    string? LastName,
    string? FormattedName,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Mobiles,
    string? Organization,
    string? Title,
    IReadOnlyList<string> Categories)
{
    /// <summary>The name's prefixes (N's fourth component): "Mme", "Dr".</summary>
    public string? Civility { get; init; }

    /// <summary>LANG: the preferred language tag.</summary>
    public string? Language { get; init; }

    public string? Note { get; init; }

    /// <summary>The first ADR: street, extended address (line 2), locality, postal code, country.</summary>
    public string? Street { get; init; }
    public string? Street2 { get; init; }
    public string? City { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
}

/// <summary>A line of a .vcf file, folded lines joined, is longer than the reader was allowed to hold.</summary>
public sealed class VCardLineTooLongException(int line) : Exception($"Line {line} is too long.")
{
    public int Line => line;
}

/// <summary>
/// Reads the contacts of a .vcf file (vCard 4.0 of RFC 6350, 3.0 and the 2.1 form phones still write):
/// folded lines, escaped \, \; \n, and QUOTED-PRINTABLE values with their soft line breaks.
/// </summary>
public static class VCardReader
{
    /// <summary>The cards of the file; a line (folded lines joined) longer than <paramref name="maxLineLength"/> throws <see cref="VCardLineTooLongException"/>.</summary>
    public static IEnumerable<VCardContact> Read(TextReader reader, int maxLineLength = int.MaxValue)
    {
        Card? card = null;
        foreach (var (line, number) in Unfold(reader, maxLineLength))
        {
            var colon = IndexOfUnquoted(line, ':');
            if (colon < 0)
            {
                continue;
            }

            var head = line[..colon];
            var value = line[(colon + 1)..];
            var parts = head.Split(';');
            var name = parts[0];
            var dot = name.LastIndexOf('.');
            name = (dot >= 0 ? name[(dot + 1)..] : name).ToUpperInvariant();
            var parameters = parts.Skip(1).Select(p => p.ToUpperInvariant()).ToList();

            if (name == "BEGIN" && value.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                card = new Card(number);
                continue;
            }

            if (card is null)
            {
                continue;
            }

            if (name == "END" && value.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                yield return card.ToContact();
                card = null;
                continue;
            }

            if (parameters.Any(p => p is "ENCODING=QUOTED-PRINTABLE" or "QUOTED-PRINTABLE"))
            {
                var charset = parameters.FirstOrDefault(p => p.StartsWith("CHARSET=", StringComparison.Ordinal))?[8..];
                value = DecodeQuotedPrintable(value, charset);
            }

            switch (name)
            {
                case "N":
                    var n = SplitUnescaped(value, ';');
                    card.LastName = Unescape(n.ElementAtOrDefault(0));
                    card.FirstName = Unescape(n.ElementAtOrDefault(1));
                    card.Civility = Unescape(n.ElementAtOrDefault(3));
                    break;
                case "LANG":
                    card.Language ??= Unescape(value);
                    break;
                case "NOTE":
                    card.Note ??= Unescape(value);
                    break;
                case "ADR" when card.Street is null && card.City is null:
                    var adr = SplitUnescaped(value, ';').Select(Unescape).ToList();
                    card.Street = adr.ElementAtOrDefault(2);
                    card.Street2 = adr.ElementAtOrDefault(1);
                    card.City = adr.ElementAtOrDefault(3);
                    card.PostalCode = adr.ElementAtOrDefault(5);
                    card.Country = adr.ElementAtOrDefault(6);
                    break;
                case "FN":
                    card.FormattedName = Unescape(value);
                    break;
                case "EMAIL":
                    Add(card.Emails, Unescape(value));
                    break;
                case "TEL":
                    var number2 = Unescape(value);
                    if (number2?.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        number2 = number2[4..];
                    }

                    Add(parameters.Any(p => p.Contains("CELL", StringComparison.Ordinal)) ? card.Mobiles : card.Phones, number2);
                    break;
                case "ORG":
                    card.Organization = Unescape(SplitUnescaped(value, ';').FirstOrDefault());
                    break;
                case "TITLE":
                    card.Title = Unescape(value);
                    break;
                case "CATEGORIES":
                    foreach (var category in SplitUnescaped(value, ','))
                    {
                        Add(card.Categories, Unescape(category));
                    }

                    break;
            }
        }
    }

    private static void Add(List<string> list, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(value.Trim());
        }
    }

    /// <summary>Logical lines with the number of their first physical line: RFC folding (a leading space or tab) and QP soft breaks (a trailing '=').</summary>
    private static IEnumerable<(string Line, int Number)> Unfold(TextReader reader, int max)
    {
        StringBuilder? current = null;
        var start = 0;
        var number = 0;
        var quotedPrintable = false;
        var line = new StringBuilder();
        while (ReadLine(reader, line, max, number + 1) is { } raw)
        {
            number++;
            if (current is not null && raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && !quotedPrintable)
            {
                current.Append(raw, 1, raw.Length - 1);
                if (current.Length > max)
                {
                    throw new VCardLineTooLongException(start);
                }

                continue;
            }

            if (current is not null && quotedPrintable && current.Length > 0 && current[^1] == '=')
            {
                current.Length--;
                current.Append(raw.TrimStart());
                if (current.Length > max)
                {
                    throw new VCardLineTooLongException(start);
                }

                quotedPrintable = current[^1] == '=';
                continue;
            }

            if (current is not null)
            {
                yield return (current.ToString(), start);
            }

            current = new StringBuilder(raw);
            start = number;
            var colon = IndexOfUnquoted(raw, ':');
            quotedPrintable = colon > 0 && raw[..colon].Contains("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase) && raw.EndsWith('=');
        }

        if (current is not null)
        {
            yield return (current.ToString(), start);
        }
    }

    /// <summary>Like <see cref="TextReader.ReadLine"/>, but stops with an error instead of holding a line longer than <paramref name="max"/>.</summary>
    private static string? ReadLine(TextReader reader, StringBuilder line, int max, int number)
    {
        line.Clear();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n')
            {
                return line.ToString();
            }

            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                return line.ToString();
            }

            if (line.Length == max)
            {
                throw new VCardLineTooLongException(number);
            }

            line.Append((char)c);
        }

        return line.Length > 0 ? line.ToString() : null;
    }

    private static int IndexOfUnquoted(string line, char c)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == c && !inQuotes)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitUnescaped(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }

    public static string? Unescape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                builder.Append(next is 'n' or 'N' ? '\n' : next);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        var text = builder.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    private static string DecodeQuotedPrintable(string value, string? charset)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '=' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        var encoding = Encoding.UTF8;
        if (charset is not null)
        {
            try
            {
                _ = CsvSniffer.Windows1252;
                encoding = Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
        }

        return encoding.GetString(bytes.ToArray());
    }

    private sealed class Card(int line)
    {
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? FormattedName { get; set; }
        public List<string> Emails { get; } = [];
        public List<string> Phones { get; } = [];
        public List<string> Mobiles { get; } = [];
        public string? Organization { get; set; }
        public string? Title { get; set; }
        public List<string> Categories { get; } = [];
        public string? Civility { get; set; }
        public string? Language { get; set; }
        public string? Note { get; set; }
        public string? Street { get; set; }
        public string? Street2 { get; set; }
        public string? City { get; set; }
        public string? PostalCode { get; set; }
        public string? Country { get; set; }

        public VCardContact ToContact()
        {
            var first = FirstName;
            var last = LastName;
            if (last is null && FormattedName is { } fn)
            {
                // No N property (allowed in 4.0): the last word of the formatted name is the family name.
                var space = fn.LastIndexOf(' ');
                (first, last) = space > 0 ? (fn[..space], fn[(space + 1)..]) : (null, fn);
            }

            return new VCardContact(line, first, last, FormattedName, Emails, Phones, Mobiles, Organization, Title, Categories)
            {
                Civility = Civility, Language = Language, Note = Note, Street = Street, Street2 = Street2, City = City, PostalCode = PostalCode, Country = Country,
            };
        }
    }
}
