using System.Net;
using Crm.Tests.Features.Deals;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.CustomFields;

/// <summary>Custom fields work the same for every registered kind, through the kit: form, page, list filter and export.</summary>
public sealed class CustomFieldKindsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>How these tests make a record of each kind; a kind registered without one fails the first test.</summary>
    private static readonly Dictionary<string, Func<string, object>> MakeRecord = new()
    {
        ["contacts"] = name => new Contact { FirstName = "Kit", LastName = name },
        ["companies"] = name => new Company { Name = name },
        ["deals"] = name => DealTestData.New(name),
        ["tasks"] = name => Tasks.TaskTestData.New(name),
        ["tickets"] = name => Tickets.TicketTestData.New(name),
        ["campaigns"] = name => Campaigns.CampaignTestData.New(name),
        ["segments"] = name => Segments.SegmentTestData.New(name),
    };

    public static TheoryData<string> Kinds() => new(MakeRecord.Keys);

    [Fact]
    public void Every_registered_kind_is_covered()
    {
        var registered = app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key).Order().ToList();
        Assert.Equal(registered, MakeRecord.Keys.Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_custom_field_shows_on_the_form_and_page_filters_the_list_and_fills_the_export(string key)
    {
        var kind = app.Services.GetRequiredService<RecordKinds>().Find(key)!;
        var admin = await app.SignInAsync();
        var added = await admin.PostFormAsync("/Admin/Fields/New", new()
        {
            ["Kind"] = key, ["Type"] = "Text", ["LabelEn"] = "Reference", ["LabelFr"] = "Référence", ["Key"] = "reference",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var field = await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Kind == key && f.Key == "reference"));
        var name = "Kit " + Guid.NewGuid().ToString("N")[..6];
        var (tagged, other) = await app.WithDbAsync(async db =>
        {
            var first = MakeRecord[key](name + " one");
            var second = MakeRecord[key](name + " two");
            db.AddRange(first, second);
            await db.SaveChangesAsync();
            int Id(object record) => (int)db.Entry(record).Property("Id").CurrentValue!;
            db.CustomFieldValues.Add(new CustomFieldValue { FieldId = field.Id, RecordId = Id(first), Text = "REF-" + key, TextKey = "ref-" + key });
            await db.SaveChangesAsync();
            return (Id(first), Id(second));
        });

        Assert.Contains("name=\"cf.reference\"", await admin.GetTextAsync(kind.Route + "/Create"), StringComparison.Ordinal);
        Assert.Contains("REF-" + key, await admin.GetTextAsync(kind.DetailsPath(tagged)), StringComparison.Ordinal);

        var list = await admin.GetTextAsync($"{kind.ListPath}?cf.reference=ref-{key}");
        Assert.Contains($"href=\"{kind.DetailsPath(tagged)}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"{kind.DetailsPath(other)}\"", list, StringComparison.Ordinal);

        var sheet = await ExportSheet.CellsAsync(admin, $"{kind.Route}/Export?cf.reference=ref-{key}");
        var column = Array.IndexOf(sheet[0], "Reference");
        Assert.True(column >= 0, "the export has the custom field's column");
        Assert.Equal(["REF-" + key], sheet.Skip(1).Select(r => r[column]));
    }
}
