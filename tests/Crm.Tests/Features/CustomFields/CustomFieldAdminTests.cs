using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.CustomFields;

/// <summary>/Admin/Fields: adding, editing, reordering, removing and restoring custom fields, and what it refuses.</summary>
public sealed class CustomFieldAdminTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static Dictionary<string, string> NewField(string kind, string labelEn, string labelFr, CustomFieldType type, string? choices = null, string? key = null) => new()
    {
        ["Kind"] = kind, ["Type"] = type.ToString(), ["LabelEn"] = labelEn, ["LabelFr"] = labelFr, ["Choices"] = choices ?? string.Empty,
        ["Key"] = key ?? string.Empty, ["Required"] = "false",
    };

    [Fact]
    public async Task Only_admins_open_or_change_custom_fields()
    {
        var sales = await app.CreateUserAsync(Roles.Sales, "North");
        var client = await app.SignInAsync(sales);
        Assert.StartsWith("/Account/AccessDenied", (await client.GetAsync("/Admin/Fields")).LocationPath(), StringComparison.Ordinal);
        var refused = await client.PostFormAsync("/Admin/Fields/New", NewField("contacts", "Sneaky", "Sournois", CustomFieldType.Text), "/Account/Manage");
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);

        var admin = await app.SignInAsync();
        var noToken = await admin.PostAsync("/Admin/Fields/New", new FormUrlEncodedContent(NewField("contacts", "Sneaky", "Sournois", CustomFieldType.Text)));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.CustomFields.AnyAsync(f => f.LabelEn == "Sneaky")));
    }

    [Fact]
    public async Task A_field_with_wrong_input_shows_every_error_at_once_and_is_not_saved()
    {
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/Fields/New", NewField("companies", "Segment", "Segment", CustomFieldType.Choice, "Small | Petit\nLarge | Grand"))).StatusCode);

        var form = NewField("companies", "", "", CustomFieldType.Choice, "Gold | Or\nGold | Or doré\na | b | c", key: "segment");
        form["DefaultValue"] = "Platinum";
        var response = await admin.PostFormAsync("/Admin/Fields/New", form);
        var page = WebUtility.HtmlDecode(await response.ReadTextAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Another field already has the name segment.", page, StringComparison.Ordinal);
        Assert.Contains("Enter the English label.", page, StringComparison.Ordinal);
        Assert.Contains("Enter the French label.", page, StringComparison.Ordinal);
        Assert.Contains("The choice Gold is there twice.", page, StringComparison.Ordinal);
        Assert.Contains("“a | b | c” is not a choice", page, StringComparison.Ordinal);
        Assert.Contains("There are 5 problems:", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.CustomFields.CountAsync(f => f.Kind == "companies")));

        // A choice field needs choices; a default must be a value of the field; a wrong name is refused.
        var noChoices = NewField("companies", "Tier", "Niveau", CustomFieldType.MultipleChoice, "", key: "9 tier");
        var badDefault = NewField("companies", "Founded", "Fondée", CustomFieldType.Date);
        badDefault["DefaultValue"] = "31/02/2026";
        var first = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Fields/New", noChoices)).ReadTextAsync());
        var second = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Fields/New", badDefault)).ReadTextAsync());
        Assert.Contains("Enter the choices, one per line.", first, StringComparison.Ordinal);
        Assert.Contains("The name starts with a letter", first, StringComparison.Ordinal);
        Assert.Contains("Default value: Founded: enter a date such as 2026-12-31.", second, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.CustomFields.CountAsync(f => f.Kind == "companies")));
    }

    [Fact]
    public async Task An_admin_adds_reorders_edits_removes_and_restores_a_field_with_its_values()
    {
        var admin = await app.SignInAsync();
        await admin.PostFormAsync("/Admin/Fields/New", NewField("deals", "Budget", "Budget", CustomFieldType.Money));
        await admin.PostFormAsync("/Admin/Fields/New", NewField("deals", "Source campaign", "Campagne d’origine", CustomFieldType.Text));
        var budget = await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Kind == "deals" && f.Key == "budget"));
        var source = await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Kind == "deals" && f.Key == "source-campaign"));
        Assert.True(budget.Position < source.Position);

        await admin.PostFormAsync($"/Admin/Fields/{source.Id}/Move", new() { ["direction"] = "up" }, "/Admin/Fields?kind=deals");
        var list = await admin.GetTextAsync("/Admin/Fields?kind=deals");
        Assert.True(list.IndexOf("data-key=\"source-campaign\"", StringComparison.Ordinal) < list.IndexOf("data-key=\"budget\"", StringComparison.Ordinal));

        var edit = NewField("deals", "Budget 2027", "Budget 2027", CustomFieldType.Text);
        edit["HelpEn"] = "Excluding VAT";
        edit["Required"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Admin/Fields/{budget.Id}", edit)).StatusCode);
        var edited = await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Id == budget.Id));
        Assert.Equal("Budget 2027", edited.LabelEn);
        Assert.Equal(CustomFieldType.Money, edited.Type); // the type is fixed once the field exists
        Assert.True(edited.Required);

        await app.WithDbAsync(async db =>
        {
            db.CustomFieldValues.Add(new CustomFieldValue { FieldId = budget.Id, RecordId = 42, Number = 150000 });
            await db.SaveChangesAsync();
        });
        var confirm = WebUtility.HtmlDecode(await admin.GetTextAsync($"/Admin/Fields/{budget.Id}/Remove"));
        Assert.Contains("One record has a value in this field.", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Admin/Fields/{budget.Id}/Remove", [])).StatusCode);
        Assert.NotNull((await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Id == budget.Id))).DeletedAt);
        Assert.Equal(1, await app.WithDbAsync(db => db.CustomFieldValues.CountAsync(v => v.FieldId == budget.Id)));
        Assert.Contains("data-testid=\"removed-fields\"", await admin.GetTextAsync("/Admin/Fields?kind=deals"), StringComparison.Ordinal);

        // Its name stays taken while it can come back.
        var again = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Fields/New", NewField("deals", "Budget", "Budget", CustomFieldType.Money))).ReadTextAsync());
        Assert.Contains("A removed field has the name budget", again, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Admin/Fields/{budget.Id}/Restore", [], "/Admin/Fields?kind=deals")).StatusCode);
        Assert.Null((await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Id == budget.Id))).DeletedAt);
        Assert.Equal(1, await app.WithDbAsync(db => db.CustomFieldValues.CountAsync(v => v.FieldId == budget.Id)));
    }

    [Fact]
    public async Task A_field_removed_more_than_30_days_ago_cannot_be_restored_and_the_nightly_purge_deletes_it_with_its_values()
    {
        var (old, recent) = await app.WithDbAsync(async db =>
        {
            var longAgo = new CustomField { Kind = "tasks", Key = "old", LabelEn = "Old", LabelFr = "Ancien", DeletedAt = DateTime.UtcNow.AddDays(-31), CreatedAt = DateTime.UtcNow.AddDays(-60) };
            var lately = new CustomField { Kind = "tasks", Key = "recent", LabelEn = "Recent", LabelFr = "Récent", DeletedAt = DateTime.UtcNow.AddDays(-29), CreatedAt = DateTime.UtcNow.AddDays(-60) };
            db.CustomFields.AddRange(longAgo, lately);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { FieldId = longAgo.Id, RecordId = 1, Text = "x", TextKey = "x" },
                new CustomFieldValue { FieldId = lately.Id, RecordId = 1, Text = "y", TextKey = "y" });
            await db.SaveChangesAsync();
            return (longAgo.Id, lately.Id);
        });
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync($"/Admin/Fields/{old}/Restore", [], "/Admin/Fields?kind=tasks")).StatusCode);

        await app.WithScopeAsync(services => services.GetRequiredService<CustomFieldPurge>().PurgeAsync(CancellationToken.None));

        Assert.False(await app.WithDbAsync(db => db.CustomFields.AnyAsync(f => f.Id == old)));
        Assert.False(await app.WithDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.FieldId == old)));
        Assert.True(await app.WithDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.FieldId == recent)));
    }
}
