using Crm.Web.Features.Companies;

namespace Crm.Tests.Features.Companies;

public sealed class FrenchCompanyIdsTests
{
    [Theory]
    [InlineData("404833048")]
    [InlineData("404 833 048")]
    [InlineData("732829320")]
    [InlineData("780129987")]
    public void A_SIREN_with_a_good_Luhn_key_is_valid(string siren) => Assert.True(FrenchCompanyIds.IsValidSiren(siren));

    [Theory]
    [InlineData("404833049")]
    [InlineData("40483304")]
    [InlineData("4048330481")]
    [InlineData("40483304A")]
    [InlineData("")]
    [InlineData(null)]
    public void A_SIREN_with_a_bad_key_length_or_character_is_invalid(string? siren) => Assert.False(FrenchCompanyIds.IsValidSiren(siren));

    [Theory]
    [InlineData("40483304800022")]
    [InlineData("404 833 048 00022")]
    [InlineData("73282932000074")]
    public void A_SIRET_with_a_good_Luhn_key_is_valid(string siret) => Assert.True(FrenchCompanyIds.IsValidSiret(siret));

    [Theory]
    [InlineData("40483304800023")]
    [InlineData("4048330480002")]
    [InlineData("404833048000220")]
    public void A_SIRET_with_a_bad_key_or_length_is_invalid(string siret) => Assert.False(FrenchCompanyIds.IsValidSiret(siret));

    [Fact]
    public void La_Poste_establishments_follow_the_digit_sum_rule_instead_of_Luhn()
    {
        // 3+5+6+1+0 = 15, a multiple of 5, though the Luhn key fails; one digit more and it no longer holds.
        Assert.True(FrenchCompanyIds.IsValidSiret("35600000000010"));
        Assert.False(FrenchCompanyIds.IsValidSiret("35600000000011"));
    }

    [Fact]
    public void The_French_VAT_key_is_derived_from_the_SIREN()
    {
        Assert.Equal("83", FrenchCompanyIds.FrenchVatKey("404833048"));
        Assert.True(FrenchCompanyIds.IsValidVat("FR83404833048"));
        Assert.True(FrenchCompanyIds.IsValidVat("FR 83 404 833 048"));
        Assert.False(FrenchCompanyIds.IsValidVat("FR84404833048"));
        Assert.False(FrenchCompanyIds.IsValidVat("FR83404833049"));
        Assert.False(FrenchCompanyIds.IsValidVat("FR8340483304"));
    }

    [Theory]
    [InlineData("DE123456789", true)]
    [InlineData("DE12345678", false)]
    [InlineData("BE0123456789", true)]
    [InlineData("NL123456789B01", true)]
    [InlineData("NL123456789", false)]
    [InlineData("ESX1234567X", true)]
    [InlineData("IT12345678901", true)]
    [InlineData("ATU12345678", true)]
    [InlineData("AT12345678", false)]
    [InlineData("EL123456789", true)]
    [InlineData("US123456789", false)]
    [InlineData("", false)]
    public void Other_EU_VAT_numbers_are_checked_by_their_format(string vat, bool valid) => Assert.Equal(valid, FrenchCompanyIds.IsValidVat(vat));
}
