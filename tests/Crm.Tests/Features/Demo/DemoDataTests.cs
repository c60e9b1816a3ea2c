using Crm.Web.Features.Companies;
using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Text;

namespace Crm.Tests.Features.Demo;

public sealed class DemoDataTests
{
    [Fact]
    public void Generated_phone_numbers_have_the_E164_form_libphonenumber_computes_from_the_typed_text()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            foreach (var (typed, e164) in new[]
                     {
                         DemoData.FrenchMobile(random),
                         DemoData.FrenchPhone(random, random.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                         DemoData.UkMobile(random),
                         DemoData.UkPhone(random, random.Pick(DemoData.UkCities).AreaCode),
                     })
            {
                Assert.Equal(PhoneNumber.ToE164(typed), e164);
            }
        }
    }

    [Fact]
    public void Generated_sirens_and_sirets_pass_the_Luhn_check()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var siren = DemoData.Siren(random);
            Assert.True(FrenchCompanyIds.IsValidSiren(siren), siren);
            var siret = DemoData.Siret(siren, random.Next(1, 100));
            Assert.True(FrenchCompanyIds.IsValidSiret(siret), siret);
            Assert.True(FrenchCompanyIds.IsValidVat("FR" + FrenchCompanyIds.FrenchVatKey(siren) + siren));
        }
    }

    [Fact]
    public void The_Luhn_key_of_a_known_siren_is_its_last_digit()
    {
        // 732 829 320 is a published SIREN; 732 829 320 00074 one of its SIRETs.
        Assert.Equal('0', DemoData.LuhnKey("73282932"));
        Assert.Equal('4', DemoData.LuhnKey("7328293200007"));
    }

    [Theory]
    [InlineData("Cabinet Lefèvre & Fils", "cabinet-lefevre-fils")]
    [InlineData("Œuvrard d'Aubigné", "oeuvrard-d-aubigne")]
    [InlineData("  Zoë  ", "zoe")]
    public void A_slug_is_ascii_lower_case_with_dashes(string name, string slug) =>
        Assert.Equal(slug, DemoData.Slug(name));

    [Fact]
    public void The_weighted_picker_never_picks_an_item_of_weight_zero_and_favours_some()
    {
        var random = new Random(3);
        var picker = new DemoData.WeightedPicker(random, 1000, noneShare: 0.2);
        var counts = new int[1000];
        for (var i = 0; i < 100_000; i++)
        {
            counts[picker.Next()]++;
        }

        Assert.InRange(counts.Count(c => c == 0), 150, 260);
        Assert.True(counts.Max() > 5 * 100, $"the busiest item got {counts.Max()} picks");
    }
}
