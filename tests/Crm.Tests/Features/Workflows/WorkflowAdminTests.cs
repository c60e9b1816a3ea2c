using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Workflows;

/// <summary>The admin pages: rules saved through the form, bad rules refused with every error at once, admins only.</summary>
public sealed class WorkflowAdminTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    private static Dictionary<string, string> ValidRule(string name) => new()
    {
        ["Name"] = name,
        ["RecordKind"] = ContactKind.Key,
        ["Trigger"] = nameof(WorkflowTrigger.FieldChanged),
        ["TriggerField"] = "LifecycleStage",
        ["TriggerValue"] = "Customer",
        ["Match"] = nameof(ConditionMatch.All),
        ["Conditions[0].Field"] = "CompanyId.BillingAddress.City",
        ["Conditions[0].Operator"] = nameof(ConditionOperator.Equals),
        ["Conditions[0].Value"] = "Lyon",
        ["Actions[0].Type"] = nameof(WorkflowActionType.CreateTask),
        ["Actions[0].Text"] = "Welcome call",
        ["Actions[0].Days"] = "2",
        ["Actions[0].Assignee"] = nameof(WorkflowAssignee.Owner),
        ["Actions[1].Type"] = nameof(WorkflowActionType.SetField),
        ["Actions[1].Field"] = "JobTitle",
        ["Actions[1].Value"] = "Customer contact",
        ["Enabled"] = "true",
        ["command"] = "save",
    };

    [Fact]
    public async Task A_rule_saved_through_the_form_is_listed_with_its_conditions_and_actions()
    {
        var client = await app.SignInAsync();
        var name = "Form rule " + Guid.NewGuid().ToString("N")[..6];

        var response = await client.PostFormAsync("/Admin/Workflows/Create", ValidRule(name));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rule = await app.WithDbAsync(db => db.WorkflowRules.AsNoTracking().SingleAsync(r => r.Name == name));
        Assert.True(rule.Enabled);
        Assert.Equal("LifecycleStage", rule.TriggerField);
        Assert.Equal([new WorkflowCondition("CompanyId.BillingAddress.City", ConditionOperator.Equals, "Lyon")], rule.Conditions);
        Assert.Equal([WorkflowActionType.CreateTask, WorkflowActionType.SetField], rule.Actions.Select(a => a.Type));
        Assert.Equal(2, rule.Actions[0].Days);
        Assert.Null(rule.Actions[0].Field);
        Assert.Contains(name, await client.GetStringAsync("/Admin/Workflows"), StringComparison.Ordinal);

        var edit = await client.GetStringAsync($"/Admin/Workflows/{rule.Id}/Edit");
        Assert.Contains("value=\"Welcome call\"", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_naming_fields_the_kind_does_not_declare_is_refused_with_every_error_at_once()
    {
        var client = await app.SignInAsync();
        var name = "Bad rule " + Guid.NewGuid().ToString("N")[..6];
        var form = ValidRule(name);
        form["TriggerField"] = "Shoesize";
        form["Conditions[0].Field"] = "CompanyId.Nope";
        form["Conditions[1].Field"] = "JobTitle";
        form["Conditions[1].Operator"] = nameof(ConditionOperator.GreaterThan);
        form["Conditions[1].Value"] = "3";
        form["Actions[1].Field"] = "Nickname";
        form["Actions[2].Type"] = nameof(WorkflowActionType.Wait);
        form["Actions[2].Days"] = "0";

        var response = await client.PostFormAsync("/Admin/Workflows/Create", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("There are 5 problems", html, StringComparison.Ordinal);
        Assert.Contains("No field &#x201C;Shoesize&#x201D; is declared for Contacts.", html, StringComparison.Ordinal);
        Assert.Contains("No field &#x201C;CompanyId.Nope&#x201D; is declared for Contacts.", html, StringComparison.Ordinal);
        Assert.Contains("No field &#x201C;Nickname&#x201D; is declared for Contacts.", html, StringComparison.Ordinal);
        Assert.Contains("cannot be compared as greater or less", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Actions_2__Days\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.WorkflowRules.AnyAsync(r => r.Name == name)));
    }

    [Fact]
    public async Task Values_that_are_not_of_the_fields_type_are_refused()
    {
        var client = await app.SignInAsync();
        var form = ValidRule("Typed " + Guid.NewGuid().ToString("N")[..6]);
        form["TriggerValue"] = "Emperor";
        form["Actions[1].Field"] = "Status";
        form["Actions[1].Value"] = "Sleeping";

        var html = await (await client.PostFormAsync("/Admin/Workflows/Create", form)).Content.ReadAsStringAsync();

        Assert.Contains("&#x201C;Emperor&#x201D; is not a valid value for Lifecycle stage.", html, StringComparison.Ordinal);
        Assert.Contains("&#x201C;Sleeping&#x201D; is not a valid value for Status.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_script_adding_a_condition_draws_the_form_again_with_one_more_row_and_saves_nothing()
    {
        var client = await app.SignInAsync();
        var name = "Rows " + Guid.NewGuid().ToString("N")[..6];
        var form = ValidRule(name);
        form["command"] = "add-condition";

        var html = await (await client.PostFormAsync("/Admin/Workflows/Create", form)).Content.ReadAsStringAsync();

        Assert.Contains("name=\"Conditions[1].Field\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Conditions[2].Field\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.WorkflowRules.AnyAsync(r => r.Name == name)));

        form["command"] = "remove-action-0";
        html = await (await client.PostFormAsync("/Admin/Workflows/Create", form)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"Actions[0].Type\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Actions[1].Type\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_reach_the_workflow_pages()
    {
        await app.CreateUserAsync("manager-wf@tests.crm", "Manager-Pass-2026", Roles.Manager);
        var client = await app.SignInAsync("manager-wf@tests.crm", "Manager-Pass-2026");

        var response = await client.GetAsync("/Admin/Workflows");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_shipped_examples_are_there_and_disabled()
    {
        var examples = await app.WithDbAsync(db => db.WorkflowRules.AsNoTracking().Where(r => r.Example != null).ToListAsync());

        Assert.Equal(["deal-untouched", "new-lead-call", "quote-follow-up"], examples.Select(e => e.Example).Order());
        Assert.All(examples, e => Assert.False(e.Enabled));
        Assert.NotNull(examples.Single(e => e.Example == "quote-follow-up").TriggerStageId);
    }
}

/// <summary>The "send an email template" action: queued once through the outbox; a template with unknown fields is refused.</summary>
public sealed class WorkflowEmailTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    private Task<int> TemplateAsync(string subject) => app.WithDbAsync(async db =>
    {
        var template = new Crm.Web.Features.EmailTemplates.MailTemplate { Name = "T " + Guid.NewGuid().ToString("N")[..6], Kind = ContactKind.Key, SubjectEn = subject, BodyEn = "Hello {{contact.first_name}}" };
        db.Set<Crm.Web.Features.EmailTemplates.MailTemplate>().Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    });

    [Fact]
    public async Task A_rule_queues_the_template_to_the_contact_once_with_a_key_naming_the_run()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var template = await TemplateAsync("Welcome {{contact.first_name}}");
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Mail" + tag)],
            Actions = [new(WorkflowActionType.SendEmail) { TemplateId = template, Recipient = Crm.Web.Features.EmailTemplates.MailRecipient.Contact }],
        });
        var contact = await app.AddContactAsync("Mail" + tag, owner.Id, c => c.SetEmails([$"anne.{tag}@example.com"]));

        await app.RunJobAsync();
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Key == $"workflow-{run.Id}-0"));
        Assert.Equal($"anne.{tag}@example.com", mail.To);
        Assert.Equal("Welcome Anne", mail.Subject);
    }

    [Fact]
    public async Task A_template_with_an_unknown_merge_field_is_refused_on_save()
    {
        var template = await TemplateAsync("Hi {{contact.shoe_size}}");
        var client = await app.SignInAsync();
        var form = new Dictionary<string, string>
        {
            ["Name"] = "Mail rule",
            ["RecordKind"] = ContactKind.Key,
            ["Trigger"] = nameof(WorkflowTrigger.RecordCreated),
            ["Actions[0].Type"] = nameof(WorkflowActionType.SendEmail),
            ["Actions[0].TemplateId"] = template.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Actions[0].Recipient"] = "Contact",
            ["command"] = "save",
        };

        var html = await (await client.PostFormAsync("/Admin/Workflows/Create", form)).Content.ReadAsStringAsync();

        Assert.Contains("{{contact.shoe_size}}", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.WorkflowRules.AnyAsync(r => r.Name == "Mail rule")));
    }
}

/// <summary>The webhook action refuses addresses inside the CRM's own network, on save and when it runs.</summary>
public sealed class WorkflowWebhookTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://100.64.0.1/hook")]
    public async Task A_webhook_to_a_private_loopback_or_link_local_address_is_refused_on_save(string url)
    {
        var client = await app.SignInAsync();
        var name = "Hook " + Guid.NewGuid().ToString("N")[..6];
        var form = new Dictionary<string, string>
        {
            ["Name"] = name,
            ["RecordKind"] = ContactKind.Key,
            ["Trigger"] = nameof(WorkflowTrigger.RecordCreated),
            ["Actions[0].Type"] = nameof(WorkflowActionType.CallWebhook),
            ["Actions[0].Value"] = url,
            ["command"] = "save",
        };

        var response = await client.PostFormAsync("/Admin/Workflows/Create", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("a rule may only call public addresses", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.WorkflowRules.AnyAsync(r => r.Name == name)));
    }

    [Fact]
    public async Task A_webhook_rule_whose_address_is_private_when_it_runs_fails_at_once_with_the_reason()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Hook" + tag)],
            Actions = [new(WorkflowActionType.CallWebhook) { Value = "http://127.0.0.1:9/hook" }],
        });
        var contact = await app.AddContactAsync("Hook" + tag, owner.Id);

        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal(1, run.Steps[0].Attempts);
        Assert.Contains("public addresses", run.Steps[0].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    [InlineData("172.20.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("fe80::1", false)]
    public void Public_addresses_are_told_from_the_others(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddress.IsPublic(IPAddress.Parse(address)));
}
