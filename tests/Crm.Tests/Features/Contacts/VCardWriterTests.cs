using System.Text;
using Crm.Web.Features.Contacts;

namespace Crm.Tests.Features.Contacts;

public sealed class VCardWriterTests
{
    private static VCardContact Card(string first = "Jean", string last = "Dupont", string? org = null, string? title = null) =>
        new(first, last, org, title, [("jean@dupont.fr", true), ("jd@perso.fr", false)], [("01 23 45 67 89", "+33123456789"), ("+33612345678", "+33612345678"), ("poste 12", null)],
            "fr", ["VIP", "a,b"], "urn:crm:contact:1", new DateTime(2026, 11, 29, 17, 5, 0, DateTimeKind.Utc));

    [Fact]
    public void Text_values_escape_backslash_comma_semicolon_and_newlines()
    {
        Assert.Equal("a\\,b\\;c\\\\d\\ne", VCardWriter.Escape("a,b;c\\d\ne"));
        var card = VCardWriter.Write(Card(last: "Du;pont", title: "Achats, logistique\nEurope"));
        Assert.Contains("\r\nN:Du\\;pont;Jean;;;\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nTITLE:Achats\\, logistique\\nEurope\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nCATEGORIES:VIP,a\\,b\r\n", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Phones_go_out_as_typed_and_as_tel_uris_only_when_typed_in_international_form()
    {
        var card = VCardWriter.Write(Card());
        Assert.Contains("\r\nTEL;VALUE=text;TYPE=voice:01 23 45 67 89\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nTEL;VALUE=uri;TYPE=voice:tel:+33612345678\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nTEL;VALUE=text;TYPE=voice:poste 12\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nEMAIL;TYPE=work;PREF=1:jean@dupont.fr\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nEMAIL;TYPE=work:jd@perso.fr\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nREV:20261129T170500Z\r\n", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lines_are_folded_at_75_octets_without_splitting_a_UTF8_character()
    {
        var org = string.Concat(Enumerable.Repeat("Société Générale d'Éléphants ", 8));
        var bytes = VCardWriter.ToBytes(Card(org: org));
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split("\r\n");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.Contains(lines, line => line.StartsWith(' '));
        // Unfolding (CRLF + space removed) gives back the value, so no character was cut in two.
        Assert.Contains("ORG:" + VCardWriter.Escape(org), text.Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
