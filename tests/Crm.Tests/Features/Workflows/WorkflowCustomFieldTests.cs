using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Workflows;

/// <summary>A rule's "set a field" action on a custom field: offered by the form, checked as the record form checks it, written with its history entry.</summary>
public sealed class WorkflowCustomFieldTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    private Task<CustomField> AddFieldAsync() =>
        app.WithDbAsync(async db =>
        {
            var field = new CustomField
            {
                Kind = ContactKind.Key, Key = "wf-" + Guid.NewGuid().ToString("N")[..6], Type = CustomFieldType.Number, LabelEn = "Rating", LabelFr = "Cote",
                CreatedAt = DateTime.UtcNow,
            };
            db.CustomFields.Add(field);
            await db.SaveChangesAsync();
            return field;
        });

    [Fact]
    public async Task A_rule_sets_a_custom_field_and_the_change_is_in_the_records_history_as_the_rules()
    {
        var field = await AddFieldAsync();
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.SkipPastEventsAsync();
        var contact = await app.AddContactAsync("Cf" + tag, owner.Id);
        await app.SkipPastEventsAsync();
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordUpdated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Cf" + tag)],
            Actions = [new(WorkflowActionType.SetField) { Field = field.Name, Value = "4.5" }],
        });

        await app.UpdateContactAsync(contact, c => c.Description = "Go");
        await app.RunJobAsync();
        await app.RunJobAsync();

        // Its own change does not set it off again (loop protection): one run succeeded, none failed.
        var runs = (await app.RunsAsync(rule)).Where(r => r.RecordId == contact).ToList();
        Assert.Single(runs, r => r.Status == WorkflowRunStatus.Succeeded);
        Assert.DoesNotContain(runs, r => r.Status == WorkflowRunStatus.Failed);
        Assert.Equal(4.5d, await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.FieldId == field.Id && v.RecordId == contact).Select(v => v.Number).SingleAsync()));
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Kind == ContactKind.Key && a.EntityId == contact && a.Changes!.Contains(field.Name)));
        Assert.Equal(ChangeSource.Workflow, entry.Source);
    }

    [Fact]
    public async Task A_rule_whose_custom_field_was_removed_fails_visibly_and_writes_nothing()
    {
        var field = await AddFieldAsync();
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.SkipPastEventsAsync();
        var contact = await app.AddContactAsync("Gone" + tag, owner.Id);
        await app.SkipPastEventsAsync();
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordUpdated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Gone" + tag)],
            Actions = [new(WorkflowActionType.SetField) { Field = field.Name, Value = "3" }],
        });
        await app.WithDbAsync(async db =>
        {
            (await db.CustomFields.SingleAsync(f => f.Id == field.Id)).DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });

        await app.UpdateContactAsync(contact, c => c.Description = "Go");
        await app.RunJobAsync();
        await app.RunJobAsync();

        var runs = (await app.RunsAsync(rule)).Where(r => r.RecordId == contact).ToList();
        Assert.Contains(runs, r => r.Status == WorkflowRunStatus.Failed);
        Assert.DoesNotContain(runs, r => r.Status == WorkflowRunStatus.Succeeded);
        Assert.False(await app.WithDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.FieldId == field.Id)));
    }

    [Theory]
    [InlineData("forty", "Actions[0].Value", "Rating: enter a number such as 12 or 12.5.")]
    [InlineData("3", "Actions[0].Field", "cf.no-such-field")]
    public async Task The_form_offers_custom_fields_and_refuses_a_value_that_does_not_read(string value, string errorField, string message)
    {
        var field = await AddFieldAsync();
        var client = await app.SignInAsync();
        Assert.Contains($"<option value=\"{field.Name}\">Rating</option>", await client.GetStringAsync("/Admin/Workflows/Create"), StringComparison.Ordinal);
        var name = "Cf rule " + Guid.NewGuid().ToString("N")[..6];

        var response = await client.PostFormAsync("/Admin/Workflows/Create", new()
        {
            ["Name"] = name, ["RecordKind"] = ContactKind.Key, ["Trigger"] = nameof(WorkflowTrigger.RecordCreated), ["Match"] = nameof(ConditionMatch.All),
            ["Actions[0].Type"] = nameof(WorkflowActionType.SetField), ["Actions[0].Field"] = errorField.EndsWith("Field", StringComparison.Ordinal) ? "cf.no-such-field" : field.Name,
            ["Actions[0].Value"] = value, ["Enabled"] = "true", ["command"] = "save",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.WorkflowRules.AnyAsync(r => r.Name == name)));
    }
}
