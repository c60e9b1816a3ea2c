using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Shared;

/// <summary>
/// The declared filters read their indexes: a list narrowed by consent, lifecycle stage, size, city or NAF section walks
/// its (filter, name, id) index in name order instead of sorting every match (the lists must stay fast at 100k rows).
/// </summary>
public sealed class DeclaredFilterQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Theory]
    [InlineData("/Contacts?consent=Granted", "Contacts", "ORDER BY \"c\".\"SortName\"", "IX_Contacts_Consent_SortName_Id")]
    [InlineData("/Contacts?stage=Customer", "Contacts", "ORDER BY \"c\".\"SortName\"", "IX_Contacts_LifecycleStage_SortName_Id")]
    [InlineData("/Companies?headcount=Medium", "Companies", "ORDER BY \"c\".\"NameKey\"", "IX_Companies_Size_NameKey_Id")]
    [InlineData("/Companies?city=Lyon", "Companies", "ORDER BY \"c\".\"NameKey\"", "IX_Companies_BillingCity_NameKey_Id")]
    public async Task A_declared_filter_walks_its_index_in_name_order_without_sorting(string url, string table, string order, string index)
    {
        var client = await app.SignInAsync();

        var plans = await app.PlansOfAsync(client, url, table);

        var page = Assert.Single(plans, p => p.Sql.Contains(order, StringComparison.Ordinal) && p.Sql.Contains("LIMIT", StringComparison.Ordinal));
        Assert.True(page.Uses(index) && !page.Sorts, page.ToString());
    }

    [Fact]
    // A section is a range of codes: its companies are read from the NAF index, then only they are sorted.
    public async Task The_naf_section_filter_reads_the_naf_index()
    {
        var client = await app.SignInAsync();

        var plans = await app.PlansOfAsync(client, "/Companies?naf=J", "Companies");

        var page = Assert.Single(plans, p => p.Sql.Contains("ORDER BY \"c\".\"NameKey\"", StringComparison.Ordinal) && p.Sql.Contains("LIMIT", StringComparison.Ordinal));
        Assert.True(page.Uses("IX_Companies_NafCode_NameKey_Id"), page.ToString());
    }
}
