using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Duplicates;

public sealed class ContactDuplicatesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(ContactProbe probe)
    {
        IReadOnlyList<DuplicateCandidate> found = [];
        await app.WithScopeAsync(async s => found = await s.GetRequiredService<ContactDuplicates>().FindAsync(probe, DuplicateData.Admin, CancellationToken.None));
        return found;
    }

    [Fact]
    public async Task The_same_email_in_another_case_is_a_duplicate()
    {
        var id = await app.ContactAsync("Alice", "Martin", emails: ["alice.martin@acme.fr"]);

        var found = await FindAsync(new ContactProbe("Alicia", "Dupont", ["  Alice.MARTIN@Acme.FR "], [], null));

        var candidate = Assert.Single(found, c => c.Id == id);
        Assert.Equal(DuplicateReason.SameEmail, candidate.Reason);
    }

    [Fact]
    public async Task The_same_phone_typed_differently_is_a_duplicate()
    {
        var id = await app.ContactAsync("Bruno", "Petit", phones: ["06 12 34 56 78"]);

        var found = await FindAsync(new ContactProbe("Someone", "Else", [], ["+33 6 12 34 56 78"], null));

        var candidate = Assert.Single(found, c => c.Id == id);
        Assert.Equal(DuplicateReason.SamePhone, candidate.Reason);
    }

    [Fact]
    public async Task A_similar_first_name_at_the_same_company_is_a_duplicate()
    {
        var company = await app.CompanyAsync("Durand SA");
        var id = await app.ContactAsync("Jean-Pierre", "Durand", companyId: company);

        var found = await FindAsync(new ContactProbe("Jean Pierre", "DURAND", [], [], company));

        var candidate = Assert.Single(found, c => c.Id == id);
        Assert.Equal(DuplicateReason.SimilarNameSameCompany, candidate.Reason);
    }

    [Fact]
    public async Task The_same_name_at_another_company_is_not_a_duplicate()
    {
        var first = await app.CompanyAsync("Lefèvre Bâtiment");
        var second = await app.CompanyAsync("Lefèvre Conseil");
        var id = await app.ContactAsync("Jean-Pierre", "Lefèvre", companyId: first);

        var found = await FindAsync(new ContactProbe("Jean-Pierre", "Lefèvre", [], [], second));

        Assert.DoesNotContain(found, c => c.Id == id);
    }

    [Fact]
    public async Task A_different_first_name_at_the_same_company_is_not_a_duplicate()
    {
        var company = await app.CompanyAsync("Moreau SARL");
        var id = await app.ContactAsync("Jean", "Moreau", companyId: company);

        var found = await FindAsync(new ContactProbe("Sophie", "Moreau", [], [], company));

        Assert.DoesNotContain(found, c => c.Id == id);
    }
}
