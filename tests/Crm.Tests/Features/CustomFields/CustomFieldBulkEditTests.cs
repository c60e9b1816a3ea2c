using System.Net;
using System.Text.Json;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.CustomFields;

/// <summary>The lists' bulk bar sets a custom field on the ticked records it may edit, checked as the form checks it, each change in the record's history.</summary>
public sealed class CustomFieldBulkEditTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private Task<CustomField> AddFieldAsync(CustomFieldType type, bool required = false) =>
        app.WithDbAsync(async db =>
        {
            var field = new CustomField
            {
                Kind = ContactKind.Key, Key = "bulk-" + Guid.NewGuid().ToString("N")[..6], Type = type, LabelEn = "Score", LabelFr = "Note",
                Required = required, CreatedAt = DateTime.UtcNow,
            };
            db.CustomFields.Add(field);
            await db.SaveChangesAsync();
            return field;
        });

    private static Task<HttpResponseMessage> BulkAsync(HttpClient client, IEnumerable<int> ids, string? field, string value) =>
        client.PostMultipleAsync("/Contacts/Bulk",
            [.. ids.Select(id => new KeyValuePair<string, string>("Ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
             new("Action", "set-field"), new("Field", field ?? string.Empty), new("Value", value), new("ReturnUrl", "/Contacts")],
            "/Contacts");

    private Task<List<CustomFieldValue>> ValuesAsync(CustomField field) =>
        app.WithDbAsync(db => db.CustomFieldValues.AsNoTracking().Where(v => v.FieldId == field.Id).ToListAsync());

    [Fact]
    public async Task Setting_a_field_in_bulk_writes_it_on_each_editable_record_with_a_bulk_history_entry_and_leaves_the_others()
    {
        var field = await AddFieldAsync(CustomFieldType.Number);
        var mine = await app.CreateUserAsync(Roles.Sales, "Bulk North");
        var other = await app.CreateUserAsync(Roles.Sales, "Bulk South");
        var first = await app.AddContactAsync("Ann", "Bulk", mine);
        var second = await app.AddContactAsync("Ben", "Bulk", mine);
        var theirs = await app.AddContactAsync("Cid", "Bulk", other);
        var client = await app.SignInAsync(mine);

        Assert.Contains($"<option value=\"{field.Name}\">Score</option>", await client.GetTextAsync("/Contacts"), StringComparison.Ordinal);
        var response = await BulkAsync(client, [first, second, theirs], field.Name, "12,5");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var values = await ValuesAsync(field);
        Assert.Equal([first, second], values.Select(v => v.RecordId).Order());
        Assert.All(values, v => Assert.Equal(12.5d, v.Number));
        var history = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == ContactKind.Key && (a.EntityId == first || a.EntityId == second) && a.Changes!.Contains(field.Name)).ToListAsync());
        Assert.Equal(2, history.Count);
        Assert.All(history, a => Assert.Equal(ChangeSource.Bulk, a.Source));
        Assert.All(history, a => Assert.Equal(a.CorrelationId, history[0].CorrelationId));
        Assert.Contains("12.5", history[0].Changes, StringComparison.Ordinal);

        // The same value again changes nothing and writes no history.
        await BulkAsync(client, [first], field.Name, "12.5");
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Changes!.Contains(field.Name))));

        // Empty clears it, with its history entry.
        await BulkAsync(client, [second], field.Name, string.Empty);
        Assert.Equal([first], (await ValuesAsync(field)).Select(v => v.RecordId));
    }

    [Theory]
    [InlineData("number", "twelve", "Score: enter a number such as 12 or 12.5.")]
    [InlineData("required", "", "Enter Score.")]
    [InlineData("unknown", "1", "Choose a field from the list.")]
    [InlineData("none", "1", "Choose a field from the list.")]
    public async Task A_value_or_field_that_does_not_fit_is_refused_and_nothing_is_written(string which, string value, string message)
    {
        var field = await AddFieldAsync(CustomFieldType.Number, required: which == "required");
        var contact = await app.AddContactAsync("Dee", "Bulk refused");
        var client = await app.SignInAsync();
        var name = which switch { "unknown" => "cf.no-such-field", "none" => null, _ => field.Name };

        var response = await BulkAsync(client, [contact], name, value);
        var flash = WebUtility.HtmlDecode(await client.GetTextAsync(response.Headers.Location!.OriginalString));

        Assert.Contains(message, flash, StringComparison.Ordinal);
        Assert.Empty(await ValuesAsync(field));
    }

    [Fact]
    public async Task A_removed_field_cannot_be_set_in_bulk()
    {
        var field = await AddFieldAsync(CustomFieldType.Text);
        await app.WithDbAsync(async db =>
        {
            (await db.CustomFields.SingleAsync(f => f.Id == field.Id)).DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });
        var contact = await app.AddContactAsync("Eve", "Bulk removed");
        var client = await app.SignInAsync();

        await BulkAsync(client, [contact], field.Name, "x");

        Assert.Empty(await ValuesAsync(field));
        Assert.DoesNotContain(field.Name, await client.GetTextAsync("/Contacts"), StringComparison.Ordinal);
    }
}
