using System.Globalization;
using System.Text;
using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Contacts;

/// <summary>What a contact's vCard holds.</summary>
public sealed record VCardContact(
    string FirstName,
    string LastName,
    string? Organization,
    string? JobTitle,
    IReadOnlyList<(string Address, bool Preferred)> Emails,
    IReadOnlyList<(string Typed, string? E164)> Phones,
    string? Language,
    IReadOnlyList<string> Categories,
    string Uid,
    DateTime UpdatedAt)
{
    public string? Civility { get; init; }

    public Address Address { get; init; } = new();

    public string? Note { get; init; }
}

/// <summary>
/// Writes vCard 4.0 (RFC 6350): UTF-8, CRLF line ends, text values escaped (backslash, comma, semicolon, newline),
/// lines folded at 75 octets without splitting a UTF-8 character.
/// </summary>
public static class VCardWriter
{
    private const int MaxLineOctets = 75;

    public static string Write(VCardContact contact)
    {
        var text = new StringBuilder();
        Line(text, "BEGIN:VCARD");
        Line(text, "VERSION:4.0");
        var fullName = $"{contact.FirstName} {contact.LastName}".Trim();
        Line(text, "FN:" + Escape(fullName.Length > 0 ? fullName : contact.Organization ?? string.Empty));
        // N: family; given; additional; prefixes; suffixes — each component escaped on its own.
        Line(text, $"N:{Escape(contact.LastName)};{Escape(contact.FirstName)};;{Escape(contact.Civility)};");
        if (!string.IsNullOrWhiteSpace(contact.Organization))
        {
            Line(text, "ORG:" + Escape(contact.Organization));
        }

        if (!string.IsNullOrWhiteSpace(contact.JobTitle))
        {
            Line(text, "TITLE:" + Escape(contact.JobTitle));
        }

        foreach (var (address, preferred) in contact.Emails)
        {
            Line(text, (preferred ? "EMAIL;TYPE=work;PREF=1:" : "EMAIL;TYPE=work:") + Escape(address));
        }

        foreach (var (typed, e164) in contact.Phones)
        {
            // As typed ("01 23 45 67 89" comes back as it went out); a tel: URI only when that loses nothing.
            Line(text, e164 is not null && e164 == typed ? $"TEL;VALUE=uri;TYPE=voice:tel:{e164}" : "TEL;VALUE=text;TYPE=voice:" + Escape(typed));
        }

        if (!contact.Address.IsEmpty || !string.IsNullOrWhiteSpace(contact.Address.Country))
        {
            // ADR: post office box; extended address; street; locality; region; postal code; country.
            var a = contact.Address;
            Line(text, $"ADR;TYPE=work:;{Escape(a.Line2)};{Escape(a.Line1)};{Escape(a.City)};;{Escape(a.PostalCode)};{Escape(a.Country)}");
        }

        if (!string.IsNullOrWhiteSpace(contact.Note))
        {
            Line(text, "NOTE:" + Escape(contact.Note));
        }

        if (!string.IsNullOrWhiteSpace(contact.Language))
        {
            Line(text, "LANG:" + Escape(contact.Language));
        }

        if (contact.Categories.Count > 0)
        {
            Line(text, "CATEGORIES:" + string.Join(',', contact.Categories.Select(Escape)));
        }

        Line(text, "UID:" + contact.Uid);
        Line(text, "REV:" + contact.UpdatedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        Line(text, "END:VCARD");
        return text.ToString();
    }

    public static byte[] ToBytes(VCardContact contact) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Write(contact));

    /// <summary>Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks.</summary>
    public static string Escape(string? value) =>
        (value ?? string.Empty)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Appends a content line, folded (RFC 6350 §3.2): CRLF plus one space, at most 75 octets a line.</summary>
    private static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        var enumerator = StringInfo.GetTextElementEnumerator(line);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            var size = Encoding.UTF8.GetByteCount(element);
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1; // the leading space counts
            }

            text.Append(element);
            octets += size;
        }

        text.Append("\r\n");
    }
}
