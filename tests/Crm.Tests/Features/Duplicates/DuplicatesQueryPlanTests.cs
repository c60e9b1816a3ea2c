using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Duplicates;

/// <summary>
/// The contacts' duplicates page read 2.8 s at 100k contacts: namesakes at the same company were found through the
/// last-name index alone (thousands of "Martin") because the company ids were compared with an "or both null".
/// Its candidates now probe (CompanyId, LastNameKey), one window of ids at a time.
/// </summary>
public sealed class DuplicatesQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Fact]
    public async Task Namesakes_at_the_same_company_are_probed_by_company_and_last_name()
    {
        var client = await app.SignInAsync();
        var company = await app.CompanyAsync("Plan Corp");
        await app.ContactAsync("Anne", "Martin", companyId: company);
        await app.ContactAsync("Anne", "Martin", companyId: company);

        var plans = await app.PlansOfAsync(client, "/Contacts/Duplicates", "Contacts");

        var candidates = Assert.Single(plans, p => p.Sql.Contains("UNION", StringComparison.Ordinal));
        Assert.True(candidates.Uses("IX_Contacts_CompanyId_LastNameKey"), candidates.ToString());
        Assert.DoesNotContain(candidates.Steps, s => s.Contains("IX_Contacts_LastNameKey", StringComparison.Ordinal));
        Assert.DoesNotContain("IS NULL AND", candidates.Sql, StringComparison.Ordinal);
    }
}
