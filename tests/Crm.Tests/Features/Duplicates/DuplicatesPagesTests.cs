using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Duplicates;

public sealed class DuplicatesPagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task The_contact_duplicates_page_lists_a_pair_sharing_an_email_with_its_reason()
    {
        var a = await app.ContactAsync("Chloé", "Garnier", emails: ["chloe.garnier@exemple.fr"]);
        var b = await app.ContactAsync("Chloe", "Garnier-Roy", emails: ["CHLOE.GARNIER@exemple.fr"]);
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync("/Contacts/Duplicates");

        Assert.Contains($"data-pair=\"{a}-{b}\"", html, StringComparison.Ordinal);
        Assert.Contains("Same email", html, StringComparison.Ordinal);
        Assert.Contains($"/Contacts/Merge?a={a}&b={b}", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reasons_are_in_French_for_a_French_user()
    {
        await app.ContactAsync("Inès", "Fabre", emails: ["ines.fabre@exemple.fr"]);
        await app.ContactAsync("Ines", "Fabre", emails: ["INES.FABRE@exemple.fr"]);
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Contacts/Duplicates"));

        Assert.Contains("Contacts en double", html, StringComparison.Ordinal);
        Assert.Contains(">Même adresse e-mail<", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Same email address<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pair_with_a_similar_name_at_the_same_company_is_listed_but_not_a_different_first_name()
    {
        var company = await app.CompanyAsync("Bernard Industries");
        var a = await app.ContactAsync("Jean-Pierre", "Bernard", companyId: company);
        var b = await app.ContactAsync("Jean Pierre", "Bernard", companyId: company);
        var c = await app.ContactAsync("Sophie", "Bernard", companyId: company);
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync("/Contacts/Duplicates");

        Assert.Contains($"data-pair=\"{a}-{b}\"", html, StringComparison.Ordinal);
        Assert.Contains("Similar name at the same company", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-pair=\"{a}-{c}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-pair=\"{b}-{c}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_company_duplicates_page_lists_companies_with_the_same_siret()
    {
        var a = await app.CompanyAsync("Atelier Vasseur", c => c.Siret = "51234567800019");
        var b = await app.CompanyAsync("Vasseur (atelier)", c => c.Siret = "512 345 678 00019");
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync("/Companies/Duplicates");

        Assert.Contains($"data-pair=\"{a}-{b}\"", html, StringComparison.Ordinal);
        Assert.Contains("Same SIRET", html, StringComparison.Ordinal);
        Assert.Contains("Same SIREN", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_user_sees_no_pair_involving_another_teams_contact()
    {
        var (ownerId, ownerTeam) = await app.UserAsync("owner.pages@tests.crm", Roles.Sales, "Pages North");
        await app.UserAsync("other.pages@tests.crm", Roles.Sales, "Pages South");
        var a = await app.ContactAsync("Inès", "Roche", emails: ["ines.roche@exemple.fr"], configure: c => { c.OwnerId = ownerId; c.TeamId = ownerTeam; });
        var b = await app.ContactAsync("Ines", "Roche", emails: ["ines.roche@exemple.fr"]);
        var other = await app.SignInAsync("other.pages@tests.crm", DuplicateData.Password);
        var owner = await app.SignInAsync("owner.pages@tests.crm", DuplicateData.Password);

        Assert.DoesNotContain($"data-pair=\"{a}-{b}\"", await other.GetStringAsync("/Contacts/Duplicates"), StringComparison.Ordinal);
        Assert.Contains($"data-pair=\"{a}-{b}\"", await owner.GetStringAsync("/Contacts/Duplicates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_support_user_sees_pairs_but_cannot_dismiss_them()
    {
        await app.UserAsync("support.pages@tests.crm", Roles.Support, "Pages Support");
        var a = await app.ContactAsync("Marc", "Fabre", emails: ["marc.fabre@exemple.fr"]);
        var b = await app.ContactAsync("Marc", "Fabre", emails: ["marc.fabre@exemple.fr"]);
        var support = await app.SignInAsync("support.pages@tests.crm", DuplicateData.Password);

        var html = await support.GetStringAsync("/Contacts/Duplicates");
        var response = await support.PostFormAsync("/Contacts/Duplicates/Dismiss", new() { ["A"] = $"{a}", ["B"] = $"{b}" }, "/Contacts/Duplicates");

        Assert.Contains($"data-pair=\"{a}-{b}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Contacts/Merge?a={a}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class EmptyDuplicatesPagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("/Contacts/Duplicates")]
    [InlineData("/Companies/Duplicates")]
    public async Task With_no_duplicates_the_page_says_so(string url)
    {
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync(url);

        Assert.Contains("No likely duplicates", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Contacts/Duplicates");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}

public sealed class DuplicatesPagingTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Pages_of_pairs_follow_each_other_without_gaps_or_repeats()
    {
        var company = await app.CompanyAsync("Paging Corp");
        var ids = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await app.ContactAsync("Page", $"Person{i}", emails: [$"shared{i}@paging.fr"]));
            ids.Add(await app.ContactAsync("Page", $"Other{i}", emails: [$"shared{i}@paging.fr"]));
        }

        var client = await app.SignInAsync();
        var seen = new List<string>();
        var url = "/Contacts/Duplicates";
        for (var guard = 0; guard < 10 && url is not null; guard++)
        {
            var html = await client.GetStringAsync(url);
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "data-pair=\"(\\d+-\\d+)\"").Select(m => m.Groups[1].Value));
            var next = System.Text.RegularExpressions.Regex.Match(html, "rel=\"next\" href=\"([^\"#]+)\"");
            url = next.Success ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;
        }

        for (var i = 0; i < ids.Count; i += 2)
        {
            Assert.Single(seen, $"{ids[i]}-{ids[i + 1]}");
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(company > 0);

        var second = await client.GetStringAsync($"/Contacts/Duplicates?after={seen[24]}");
        var previous = System.Text.RegularExpressions.Regex.Match(second, "rel=\"prev\" href=\"([^\"#]+)\"");
        Assert.True(previous.Success);
        var first = await client.GetStringAsync(WebUtility.HtmlDecode(previous.Groups[1].Value));
        Assert.Equal(seen.Take(25), System.Text.RegularExpressions.Regex.Matches(first, "data-pair=\"(\\d+-\\d+)\"").Select(m => m.Groups[1].Value));
    }
}
