using System.Net;
using Crm.Tests.Features.Visibility;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Api;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Visibility;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Api;

/// <summary>
/// The JSON API over every registered kind (issue 12, decision 0029): the same records as the pages, through the same
/// rules (a record outside them is 404 and absent from the list), custom fields included, and bad paging refused as JSON.
/// </summary>
public sealed class ApiRecordsTests : IClassFixture<CrmAppFactory>
{
    private readonly CrmAppFactory app;

    public ApiRecordsTests(CrmAppFactory app)
    {
        this.app = app;
        app.Settings["Crm:Api:RequestsPerMinute"] = "100000";
    }

    [Fact]
    public void Every_registered_kind_has_its_api_listing()
    {
        using var scope = app.Services.CreateScope();
        var listed = scope.ServiceProvider.GetServices<IRecordListing>().Select(l => l.Kind.Key).Order().ToList();
        Assert.Equal(app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key).Order().ToList(), listed);
    }

    [Theory]
    [InlineData(VisibilityLevel.Private, true)]
    [InlineData(VisibilityLevel.Team, false)]
    public async Task Every_kind_answers_404_and_leaves_the_record_out_of_the_list_for_a_user_outside_the_rule(VisibilityLevel level, bool sameTeam)
    {
        var admin = await app.SignInAsync();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        Assert.Empty(kinds.Where(k => !RecordVisibilityWalkTests.MakeRecord.ContainsKey(k.Key)).Select(k => k.Key));
        foreach (var kind in kinds)
        {
            var role = TeamEditorRole(kind);
            var team = $"Api {level} {kind.Key}";
            var owner = await app.CreateUserAsync(role, team);
            var outsider = await app.CreateUserAsync(role, sameTeam ? team : team + " other");
            var marker = Guid.NewGuid().ToString("N")[..8];
            var id = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, owner, marker);
            var ownerApi = await app.ApiClientAsync(owner);
            var outsiderApi = await app.ApiClientAsync(outsider);
            var newest = $"/api/v1/{kind.Key}?sort=created&dir=desc&pageSize=200";
            await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, level);
            try
            {
                // The route and the list are right: the owner gets the record, in the list and searched.
                var own = await ownerApi.GetAsync($"/api/v1/{kind.Key}/{id}");
                Assert.True(own.StatusCode == HttpStatusCode.OK, $"{kind.Key}: the owner got {(int)own.StatusCode}");
                Assert.Equal(id, (await own.JsonAsync()).GetProperty("id").GetInt32());
                Assert.Contains(id, (await (await ownerApi.GetAsync(newest)).JsonAsync()).Ids());
                Assert.Contains(id, (await (await ownerApi.GetAsync($"/api/v1/{kind.Key}?q={marker}")).JsonAsync()).Ids());

                var hidden = await outsiderApi.GetAsync($"/api/v1/{kind.Key}/{id}");
                Assert.True(hidden.StatusCode == HttpStatusCode.NotFound, $"{kind.Key} at {level}: the outsider got {(int)hidden.StatusCode}");
                Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
                var list = await outsiderApi.GetAsync(newest);
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.DoesNotContain(id, (await list.JsonAsync()).Ids());
                Assert.DoesNotContain(id, (await (await outsiderApi.GetAsync($"/api/v1/{kind.Key}?q={marker}")).JsonAsync()).Ids());
            }
            finally
            {
                await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Team);
            }
        }
    }

    [Fact]
    public async Task Every_kinds_custom_field_values_are_in_its_records_json()
    {
        var admin = await app.CreateUserAsync(Roles.Admin);
        var api = await app.ApiClientAsync(admin);
        foreach (var kind in app.Services.GetRequiredService<RecordKinds>().All)
        {
            var key = "api-ref-" + kind.Key;
            var id = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, admin, Guid.NewGuid().ToString("N")[..8]);
            await app.WithDbAsync(async db =>
            {
                var field = new CustomField { Kind = kind.Key, Key = key, Type = CustomFieldType.Text, LabelEn = "Reference", LabelFr = "Référence", CreatedAt = DateTime.UtcNow };
                db.CustomFields.Add(field);
                await db.SaveChangesAsync();
                db.CustomFieldValues.Add(new CustomFieldValue { FieldId = field.Id, RecordId = id, Text = "REF-" + kind.Key, TextKey = "ref-" + kind.Key });
                await db.SaveChangesAsync();
            });

            var record = await (await api.GetAsync($"/api/v1/{kind.Key}/{id}")).JsonAsync();
            Assert.Equal("REF-" + kind.Key, record.GetProperty("customFields").GetProperty(key).GetString());
            var listed = (await (await api.GetAsync($"/api/v1/{kind.Key}?cf.{key}=ref-{kind.Key}")).JsonAsync()).GetProperty("data");
            Assert.Equal([id], listed.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
            Assert.Equal("REF-" + kind.Key, listed[0].GetProperty("customFields").GetProperty(key).GetString());
        }
    }

    [Fact]
    public async Task A_contact_reads_as_typed_json_with_money_dates_choices_and_custom_types()
    {
        var admin = await app.CreateUserAsync(Roles.Admin);
        var api = await app.ApiClientAsync(admin);
        var id = await app.AddContactAsync("Ada", "Typed" + Guid.NewGuid().ToString("N")[..6], email: "ada@typed.test");
        await app.WithDbAsync(async db =>
        {
            var money = new CustomField { Kind = "contacts", Key = "api-budget", Type = CustomFieldType.Money, LabelEn = "Budget", LabelFr = "Budget", CreatedAt = DateTime.UtcNow };
            var day = new CustomField { Kind = "contacts", Key = "api-renewal", Type = CustomFieldType.Date, LabelEn = "Renewal", LabelFr = "Renouvellement", CreatedAt = DateTime.UtcNow };
            var yes = new CustomField { Kind = "contacts", Key = "api-vip", Type = CustomFieldType.YesNo, LabelEn = "VIP", LabelFr = "VIP", CreatedAt = DateTime.UtcNow };
            var many = new CustomField { Kind = "contacts", Key = "api-topics", Type = CustomFieldType.MultipleChoice, LabelEn = "Topics", LabelFr = "Sujets", CreatedAt = DateTime.UtcNow };
            many.SetChoices([new("crm", "CRM", "CRM"), new("erp", "ERP", "ERP")]);
            db.CustomFields.AddRange(money, day, yes, many);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { FieldId = money.Id, RecordId = id, Number = 125050 },
                new CustomFieldValue { FieldId = day.Id, RecordId = id, Date = new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
                new CustomFieldValue { FieldId = yes.Id, RecordId = id, Number = 1 },
                new CustomFieldValue { FieldId = many.Id, RecordId = id, Text = "crm", TextKey = "crm" },
                new CustomFieldValue { FieldId = many.Id, RecordId = id, Text = "erp", TextKey = "erp" });
            await db.SaveChangesAsync();
        });

        var record = await (await api.GetAsync($"/api/v1/contacts/{id}")).JsonAsync();
        var custom = record.GetProperty("customFields");
        Assert.Equal(1250.50m, custom.GetProperty("api-budget").GetProperty("amount").GetDecimal());
        Assert.Equal(3, custom.GetProperty("api-budget").GetProperty("currency").GetString()!.Length);
        Assert.Equal("2027-03-01", custom.GetProperty("api-renewal").GetString());
        Assert.True(custom.GetProperty("api-vip").GetBoolean());
        Assert.Equal(["crm", "erp"], custom.GetProperty("api-topics").EnumerateArray().Select(t => t.GetString()));

        var fields = record.GetProperty("fields");
        Assert.Equal("Ada", fields.GetProperty("firstName").GetString());
        Assert.Equal(["ada@typed.test"], fields.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(nameof(ContactStatus.Active), fields.GetProperty("status").GetString());
        Assert.EndsWith("Z", record.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.True(DateTime.TryParse(record.GetProperty("createdAt").GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var created));
        Assert.Equal(DateTimeKind.Utc, created.Kind);
    }

    [Fact]
    public async Task A_deals_amount_is_a_number_with_the_deals_currency()
    {
        var admin = await app.CreateUserAsync(Roles.Admin);
        var api = await app.ApiClientAsync(admin);
        var id = await Deals.DealTestData.AddDealAsync(app, "Priced " + Guid.NewGuid().ToString("N")[..6], admin, amountCents: 99_990);
        await app.WithDbAsync(db => db.Deals.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Currency, "USD")));

        var amount = (await (await api.GetAsync($"/api/v1/deals/{id}")).JsonAsync()).GetProperty("fields").GetProperty("amountCents");
        Assert.Equal(999.90m, amount.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", amount.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Pages_follow_the_next_link_without_gaps_or_repeats_by_cursor_and_by_page_number()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Api paging");
        var api = await app.ApiClientAsync(owner);
        var marker = "Pager" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await app.AddCompanyAsync($"{marker} {i}", owner));
        }

        foreach (var first in new[] { $"/api/v1/companies?q={marker}&pageSize=2&sort=name", $"/api/v1/companies?q={marker}&pageSize=2&sort=name&page=1" })
        {
            var seen = new List<int>();
            var url = first;
            var pages = 0;
            while (url is not null && pages++ < 10)
            {
                var page = await (await api.GetAsync(url)).JsonAsync();
                seen.AddRange(page.Ids());
                url = page.GetProperty("page").GetProperty("next").GetString();
            }

            Assert.Equal(ids, seen);
            Assert.Equal(3, pages);
        }
    }

    [Theory]
    [InlineData("pageSize=201")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=ten")]
    [InlineData("page=0")]
    [InlineData("sort=shoe-size")]
    [InlineData("dir=sideways")]
    [InlineData("after=not-a-cursor")]
    [InlineData("page=2&after=MXxh")]
    [InlineData("colour=red")]
    [InlineData("q=a&q=b")]
    public async Task Bad_paging_sort_or_filters_answer_400_as_json(string query)
    {
        var api = await app.ApiClientAsync(await app.CreateUserAsync(Roles.Sales));
        var response = await api.GetAsync("/api/v1/contacts?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_kind_that_does_not_exist_is_404_as_json()
    {
        var api = await app.ApiClientAsync(await app.CreateUserAsync(Roles.Sales));
        var response = await api.GetAsync("/api/v1/spaceships");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
