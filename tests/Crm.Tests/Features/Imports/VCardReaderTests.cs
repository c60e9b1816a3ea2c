using Crm.Web.Features.Imports;

namespace Crm.Tests.Features.Imports;

public sealed class VCardReaderTests
{
    private static List<VCardContact> Read(string text) => VCardReader.Read(new StringReader(text)).ToList();

    [Fact]
    public void Reads_several_cards_of_version_4_and_3()
    {
        var cards = Read("""
            BEGIN:VCARD
            VERSION:4.0
            N:Martin;Éloïse;;;
            FN:Éloïse Martin
            EMAIL;TYPE=work:eloise@exemple.fr
            TEL;TYPE=cell:+33 6 12 34 56 78
            TEL;TYPE=work,voice:01 23 45 67 89
            ORG:Café Noël;Ventes
            TITLE:Directrice commerciale
            CATEGORIES:VIP,Salon 2026
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            N:Durand;Paul
            FN:Paul Durand
            EMAIL;TYPE=INTERNET:paul@exemple.fr
            EMAIL;TYPE=INTERNET:p.durand@perso.fr
            END:VCARD
            """);

        Assert.Equal(2, cards.Count);
        var eloise = cards[0];
        Assert.Equal(("Éloïse", "Martin"), (eloise.FirstName, eloise.LastName));
        Assert.Equal(["eloise@exemple.fr"], eloise.Emails);
        Assert.Equal(["+33 6 12 34 56 78"], eloise.Mobiles);
        Assert.Equal(["01 23 45 67 89"], eloise.Phones);
        Assert.Equal("Café Noël", eloise.Organization);
        Assert.Equal("Directrice commerciale", eloise.Title);
        Assert.Equal(["VIP", "Salon 2026"], eloise.Categories);
        Assert.Equal(1, eloise.Line);
        Assert.Equal(["paul@exemple.fr", "p.durand@perso.fr"], cards[1].Emails);
        Assert.Equal(12, cards[1].Line);
    }

    [Fact]
    public void Folded_lines_are_joined_and_escapes_are_read()
    {
        var card = Read("BEGIN:VCARD\r\nVERSION:4.0\r\nN:Dupont\\, fils;Jean\\;Marc;;;\r\nORG:Société des Eaux\\, Gaz\r\n  et Électricité\r\nTITLE:Chef\\nde projet\r\nEND:VCARD\r\n").Single();
        Assert.Equal("Dupont, fils", card.LastName);
        Assert.Equal("Jean;Marc", card.FirstName);
        Assert.Equal("Société des Eaux, Gaz et Électricité", card.Organization);
        Assert.Equal("Chef\nde projet", card.Title);
    }

    [Fact]
    public void Quoted_printable_values_of_version_2_1_are_decoded()
    {
        var card = Read("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:No=C3=ABl;=C3=89lo=\r\n=C3=AFse\r\nTEL;CELL:0612345678\r\nEND:VCARD\r\n").Single();
        Assert.Equal("Noël", card.LastName);
        Assert.Equal("Éloïse", card.FirstName);
        Assert.Equal(["0612345678"], card.Mobiles);
    }

    [Fact]
    public void A_card_without_N_takes_its_names_from_FN()
    {
        var card = Read("BEGIN:VCARD\nVERSION:4.0\nFN:Anne-Sophie de Villiers\nEND:VCARD\n").Single();
        Assert.Equal(("Anne-Sophie de", "Villiers"), (card.FirstName, card.LastName));
    }

    [Fact]
    public void A_line_longer_than_the_limit_stops_the_reader_before_it_is_held()
    {
        var text = $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Martin;Éloïse;;;\r\nNOTE:{new string('x', 2_000_000)}\r\nEND:VCARD\r\n";
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<VCardLineTooLongException>(() => VCardReader.Read(new StringReader(text), 1000).ToList());
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(4, error.Line);
        Assert.True(allocated < 256 * 1024, $"{allocated / 1024} KB allocated");
    }

    [Fact]
    public void Folded_lines_count_together_against_the_limit()
    {
        var folded = string.Concat(Enumerable.Repeat("\r\n " + new string('x', 70), 20));
        var text = $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Martin;Éloïse;;;\r\nNOTE:{folded}\r\nEND:VCARD\r\n";
        Assert.Single(VCardReader.Read(new StringReader(text), 2000));
        Assert.Equal(4, Assert.Throws<VCardLineTooLongException>(() => VCardReader.Read(new StringReader(text), 1000).ToList()).Line);
    }
}
