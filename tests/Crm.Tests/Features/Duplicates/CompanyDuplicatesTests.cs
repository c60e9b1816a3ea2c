using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Duplicates;

public sealed class CompanyDuplicatesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<IReadOnlyList<CompanyDuplicateCandidate>> FindAsync(CompanyProbe probe)
    {
        IReadOnlyList<CompanyDuplicateCandidate> found = [];
        await app.WithScopeAsync(async s => found = await s.GetRequiredService<CompanyDuplicates>().FindAsync(probe, DuplicateData.Admin, CancellationToken.None));
        return found;
    }

    [Fact]
    public async Task The_same_siret_typed_with_spaces_is_a_duplicate()
    {
        var id = await app.CompanyAsync("Boulangerie Paul", c => c.Siret = "73282932000074");

        var found = await FindAsync(new CompanyProbe("Paul", null, "732 829 320 00074", null));

        Assert.Equal(CompanyDuplicateReason.SameSiret, Assert.Single(found, c => c.Id == id).Reason);
    }

    [Fact]
    public async Task Another_establishment_of_the_same_siren_is_a_duplicate()
    {
        var id = await app.CompanyAsync("Transports Girard Lyon", c => c.Siret = "40483304800022");

        var found = await FindAsync(new CompanyProbe("Girard Marseille", null, "40483304800030", null));

        Assert.Equal(CompanyDuplicateReason.SameSiren, Assert.Single(found, c => c.Id == id).Reason);
    }

    [Fact]
    public async Task The_same_name_without_accents_or_case_is_a_duplicate()
    {
        var id = await app.CompanyAsync("Électricité Bérénice");

        var found = await FindAsync(new CompanyProbe("ELECTRICITE BERENICE", null, null, null));

        Assert.Equal(CompanyDuplicateReason.SameName, Assert.Single(found, c => c.Id == id).Reason);
    }

    [Fact]
    public async Task The_same_phone_typed_differently_is_a_duplicate()
    {
        var id = await app.CompanyAsync("Garage du Centre", c => c.Phone = "01 42 68 53 00");

        var found = await FindAsync(new CompanyProbe("Autre nom", null, null, "+33 1 42 68 53 00"));

        Assert.Equal(CompanyDuplicateReason.SamePhone, Assert.Single(found, c => c.Id == id).Reason);
    }

    [Fact]
    public async Task The_same_website_domain_is_a_duplicate_but_a_shared_platform_is_not()
    {
        var id = await app.CompanyAsync("Fromagerie Alpine", c => c.Website = "https://www.fromagerie-alpine.fr/contact");
        var social = await app.CompanyAsync("Chez Nous", c => c.Website = "https://facebook.com/cheznous");

        var found = await FindAsync(new CompanyProbe("Alpine", null, null, null, "fromagerie-alpine.fr"));
        var none = await FindAsync(new CompanyProbe("Ailleurs", null, null, null, "facebook.com/ailleurs"));

        Assert.Equal(CompanyDuplicateReason.SameWebsite, Assert.Single(found, c => c.Id == id).Reason);
        Assert.DoesNotContain(none, c => c.Id == social);
    }

    [Fact]
    public async Task A_different_company_is_not_a_duplicate()
    {
        var id = await app.CompanyAsync("Menuiserie Roux", c => { c.Siret = "55210055400013"; c.Phone = "04 78 00 00 01"; });

        var found = await FindAsync(new CompanyProbe("Plomberie Blanc", null, "44306184100047", "04 78 00 00 02"));

        Assert.DoesNotContain(found, c => c.Id == id);
    }

    [Theory]
    [InlineData("https://www.Acme.fr/contact", "acme.fr")]
    [InlineData("acme.fr", "acme.fr")]
    [InlineData("http://shop.acme.fr", "shop.acme.fr")]
    [InlineData("not a website", null)]
    [InlineData("", null)]
    public void A_website_is_reduced_to_its_domain(string website, string? domain) =>
        Assert.Equal(domain, WebsiteDomain.Of(website));
}
