using System.Net.Mail;
using Crm.Web.Infrastructure.Text;

namespace Crm.Tests.Infrastructure.Text;

/// <summary>The import's quick check of an address must never take one <see cref="MailAddress"/> would refuse or change.</summary>
public sealed class EmailAddressesTests
{
    private static bool Reference(string value) =>
        value.Length <= EmailAddresses.MaxLength
        && MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);

    [Fact]
    public void The_quick_check_takes_only_what_MailAddress_takes_unchanged_and_IsValid_answers_as_MailAddress_does()
    {
        var random = new Random(7);
        var taken = 0;
        string Some(string alphabet, int max) => new(Enumerable.Range(0, random.Next(0, max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        for (var i = 0; i < 100_000; i++)
        {
            // Mostly "local@domain" from the plain characters with a few others mixed in, sometimes anything at all.
            var value = i % 4 == 0
                ? Some("ab.Z9_-+@ é\"()<>,;:[]!#", 14)
                : Some(i % 3 == 0 ? "ab.Z9_-+é\" !#" : "ab.Z9_-+", 8) + "@" + Some(i % 5 == 0 ? "ab9-.Z_ é[]" : "ab9-.", 10);
            if (EmailAddresses.IsPlain(value))
            {
                Assert.True(Reference(value), $"\"{value}\" passes the quick check, MailAddress refuses or changes it");
                taken++;
            }

            Assert.Equal(Reference(value), EmailAddresses.IsValid(value));
        }

        Assert.True(taken > 100, $"only {taken} generated values had the plain shape");
    }

    [Theory]
    [InlineData("eloise.lefevre.12@entreprise3.example", true)]
    [InlineData("first+tag@sub.domain.fr", true)]
    [InlineData("a@b.c", true)]
    [InlineData("no-dot@localhost", false)]
    [InlineData(".lead@x.fr", false)]
    [InlineData("two..dots@x.fr", false)]
    [InlineData("a@-x.fr", false)]
    [InlineData("Name <a@b.fr>", false)]
    [InlineData("", false)]
    public void The_quick_check_on_usual_values(string value, bool plain)
    {
        Assert.Equal(plain, EmailAddresses.IsPlain(value));
        if (plain)
        {
            Assert.True(EmailAddresses.IsValid(value));
        }
    }
}
