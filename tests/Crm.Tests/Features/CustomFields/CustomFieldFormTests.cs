using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.CustomFields;

/// <summary>Custom fields on the record forms of every kind: shown, checked with the form, saved, shown on the page and in the history.</summary>
public sealed class CustomFieldFormTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static int _fields;

    private async Task<CustomField> AddFieldAsync(string kind, CustomFieldType type, string label, bool required = false, string? choices = null, string? defaultValue = null, string? section = null)
    {
        var admin = await app.SignInAsync();
        var key = $"{label.ToLowerInvariant().Replace(' ', '-')}-{Interlocked.Increment(ref _fields)}";
        var response = await admin.PostFormAsync("/Admin/Fields/New", new()
        {
            ["Kind"] = kind, ["Type"] = type.ToString(), ["LabelEn"] = label, ["LabelFr"] = label + " (fr)", ["Key"] = key,
            ["Required"] = required ? "true" : "false", ["Choices"] = choices ?? string.Empty, ["DefaultValue"] = defaultValue ?? string.Empty,
            ["SectionEn"] = section ?? string.Empty, ["HelpEn"] = $"Help for {label}",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Kind == kind && f.Key == key));
    }

    [Fact]
    public async Task A_contact_form_checks_custom_fields_with_its_own_fields_and_shows_every_error_at_once()
    {
        var number = await AddFieldAsync("contacts", CustomFieldType.Number, "Employees");
        var date = await AddFieldAsync("contacts", CustomFieldType.Date, "Met on");
        var email = await AddFieldAsync("contacts", CustomFieldType.Email, "Assistant email");
        var url = await AddFieldAsync("contacts", CustomFieldType.Url, "Portfolio");
        var required = await AddFieldAsync("contacts", CustomFieldType.Text, "Badge", required: true);
        var choice = await AddFieldAsync("contacts", CustomFieldType.Choice, "Tier", choices: "Gold | Or\nSilver | Argent");
        var client = await app.SignInAsync();

        var form = await client.GetTextAsync("/Contacts/Create");
        Assert.Contains($"name=\"{number.Name}\"", form, StringComparison.Ordinal);
        Assert.Contains("Help for Employees", form, StringComparison.Ordinal);

        var response = await client.PostMultipleAsync("/Contacts/Create", Fields(
            ("LastName", ""), (number.Name, "twelve"), (date.Name, "2026-02-31"), (email.Name, "not-an-email"),
            (url.Name, "javascript:alert(1)"), (required.Name, " "), (choice.Name, "platinum")), "/Contacts/Create");
        var page = WebUtility.HtmlDecode(await response.ReadTextAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Employees: enter a number such as 12 or 12.5.", page, StringComparison.Ordinal);
        Assert.Contains("Met on: enter a date such as 2026-12-31.", page, StringComparison.Ordinal);
        Assert.Contains("Assistant email: enter an email address", page, StringComparison.Ordinal);
        Assert.Contains("Portfolio: enter a web address starting with https://.", page, StringComparison.Ordinal);
        Assert.Contains("Enter Badge.", page, StringComparison.Ordinal);
        Assert.Contains("Tier: “platinum” is not one of the choices.", page, StringComparison.Ordinal);
        Assert.Contains("There are 7 problems:", page, StringComparison.Ordinal); // the last name too
        Assert.Contains("value=\"twelve\"", page, StringComparison.Ordinal); // what was typed stays
        Assert.Contains($"href=\"#{FieldErrorsId(number)}\"", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.FieldId == number.Id)));
    }

    private static string FieldErrorsId(CustomField field) => Crm.Web.Features.Shared.FieldErrors.IdOf(field.Name);

    [Fact]
    public async Task Values_are_saved_shown_on_the_page_edited_and_each_change_is_in_the_history()
    {
        var budget = await AddFieldAsync("companies", CustomFieldType.Money, "Budget", section: "Finance");
        var sectors = await AddFieldAsync("companies", CustomFieldType.MultipleChoice, "Sectors", choices: "Retail | Commerce\nIndustry | Industrie\nServices | Services");
        var partner = await AddFieldAsync("companies", CustomFieldType.YesNo, "Partner", defaultValue: "yes");
        var client = await app.SignInAsync();
        var companyName = "Custom " + Guid.NewGuid().ToString("N")[..6];

        Assert.Contains($"name=\"{partner.Name}\" value=\"true\" checked=\"checked\"", await client.GetTextAsync("/Companies/Create"), StringComparison.Ordinal);
        var created = await client.PostMultipleAsync("/Companies/Create", Fields(
            ("Name", companyName), (budget.Name, "12500.50"), (sectors.Name, ""), (sectors.Name, "retail"), (sectors.Name, "services"), (partner.Name, ""), (partner.Name, "true")), "/Companies/Create");
        var id = IdFromLocation(created);

        var values = await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.RecordId == id).OrderBy(v => v.Id).ToListAsync());
        Assert.Equal(1250050d, values.Single(v => v.FieldId == budget.Id).Number);
        Assert.Equal(["retail", "services"], values.Where(v => v.FieldId == sectors.Id).Select(v => v.TextKey));
        Assert.Equal(1d, values.Single(v => v.FieldId == partner.Id).Number);

        var details = WebUtility.HtmlDecode(await client.GetTextAsync($"/Companies/Details/{id}"));
        Assert.Contains("Finance", details, StringComparison.Ordinal);
        Assert.Contains("12,500.50", details, StringComparison.Ordinal);
        Assert.Contains("Retail, Services", details, StringComparison.Ordinal);

        var edit = await client.GetTextAsync($"/Companies/Edit/{id}");
        Assert.Contains("value=\"12500.50\"", edit, StringComparison.Ordinal);
        var version = await app.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());
        var saved = await client.PostMultipleAsync($"/Companies/Edit/{id}", Fields(
            ("Name", companyName), ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), (budget.Name, "9000"), (sectors.Name, ""), (sectors.Name, "industry"), (partner.Name, "")), $"/Companies/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var history = WebUtility.HtmlDecode(await client.GetTextAsync($"/Companies/Details/{id}?history=true"));
        Assert.Contains("Budget", history, StringComparison.Ordinal);
        Assert.Contains("12,500.50", history, StringComparison.Ordinal);
        Assert.Contains("9,000.00", history, StringComparison.Ordinal);
        Assert.Contains("Retail; Services", history, StringComparison.Ordinal);
        Assert.Contains("Industry", history, StringComparison.Ordinal);
        Assert.Equal(0d, await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.RecordId == id && v.FieldId == partner.Id).Select(v => v.Number).SingleAsync()));
    }

    [Fact]
    public async Task On_create_the_values_are_part_of_the_created_entry_and_no_updated_entry_follows()
    {
        // Companies: no test of this class adds a required company field, which a create without it would fail.
        var badge = await AddFieldAsync("companies", CustomFieldType.Text, "Badge number");
        var client = await app.SignInAsync();
        var name = "Created " + Guid.NewGuid().ToString("N")[..6];

        var created = await client.PostMultipleAsync("/Companies/Create", Fields(("Name", name), (badge.Name, "B-4711")), "/Companies/Create");
        var id = IdFromLocation(created);

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Kind == "companies" && a.EntityId == id).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal(Crm.Web.Infrastructure.Data.AuditAction.Created, entry.Action);
        Assert.Contains(badge.Name, entry.Changes, StringComparison.Ordinal);
        Assert.Contains("B-4711", entry.Changes, StringComparison.Ordinal);
        var history = WebUtility.HtmlDecode(await client.GetTextAsync($"/Companies/Details/{id}?history=true"));
        Assert.Contains("Badge number", history, StringComparison.Ordinal);
        Assert.Contains("B-4711", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_and_its_custom_values_are_one_save_so_a_failed_value_leaves_no_record()
    {
        var lastName = "Rolled back " + Guid.NewGuid().ToString("N")[..6];

        // A field that is not in the database: writing its value fails on the foreign key, after the record's own save.
        var missing = new CustomField { Id = 987654, Kind = "contacts", Key = "missing", Type = CustomFieldType.Text, LabelEn = "Missing", LabelFr = "Absent" };
        var post = new CustomFieldPost([missing], new Dictionary<int, IReadOnlyList<StoredValue>> { [missing.Id] = [new StoredValue("x", null, null, null)] }, []);
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            var store = services.GetRequiredService<CustomFieldStore>();
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => store.SaveWithRecordAsync(Crm.Web.Features.Contacts.Contact.Kind, post, null, async token =>
            {
                var contact = new Crm.Web.Features.Contacts.Contact { FirstName = "Ana", LastName = lastName };
                db.Contacts.Add(contact);
                await db.SaveChangesAsync(token);
                return Crm.Web.Features.Shared.Outcome.Done(contact.Id);
            }, CancellationToken.None));
        });

        Assert.False(await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.LastName == lastName)));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Kind == "contacts" && a.Changes != null && a.Changes.Contains(lastName))));
    }
}
