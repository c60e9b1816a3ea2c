using System.Net;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Activities;

public sealed class ActivityDateRangeTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static Task<HttpResponseMessage> LogAsync(HttpClient client, string path, int id, string occurredAt) =>
        client.PostFormAsync($"/{path}/LogActivity/{id}", new()
        {
            ["Kind"] = "Call", ["Subject"] = "Dated call", ["OccurredAt"] = occurredAt,
        }, $"/{path}/Details/{id}");

    [Theory]
    [InlineData("0001-01-01T00:00")]
    [InlineData("1899-12-31T23:59")]
    [InlineData("2101-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    public async Task Logging_an_activity_on_a_contact_at_a_date_out_of_range_shows_an_error_on_the_date_and_saves_nothing(string occurredAt)
    {
        var contactId = await app.AddContactAsync("Dana", "Outofrange");
        var client = await app.SignInAsync();

        var html = await (await LogAsync(client, "Contacts", contactId, occurredAt)).ReadHtmlAsync();

        Assert.Matches("data-valmsg-for=\"OccurredAt\"[^>]*>The date must be between 1900 and 2100.<", html);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == contactId)));
    }

    [Fact]
    public async Task Logging_an_activity_on_a_company_in_year_9999_is_refused_with_the_message_in_french()
    {
        var companyId = await app.AddCompanyAsync("Dates SARL " + Guid.NewGuid().ToString("N")[..4]);
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        var html = WebUtility.HtmlDecode(await (await LogAsync(client, "Companies", companyId, "9999-12-31T10:00")).ReadHtmlAsync());

        Assert.Contains("La date doit être comprise entre 1900 et 2100.", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.CompanyId == companyId)));
    }

    [Theory]
    [InlineData("1900-01-01T00:00")]
    [InlineData("2100-12-31T23:59")]
    public async Task Logging_an_activity_at_either_end_of_the_range_is_accepted(string occurredAt)
    {
        var contactId = await app.AddContactAsync("Bea", "Bounds");
        var client = await app.SignInAsync();

        var response = await LogAsync(client, "Contacts", contactId, occurredAt);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == contactId)));
    }
}
