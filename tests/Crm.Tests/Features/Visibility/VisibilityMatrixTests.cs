using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Crm.Tests.Features.RecordPages;
using Form = System.Net.Http.FormUrlEncodedContent;

namespace Crm.Tests.Features.Visibility;

/// <summary>
/// The visibility matrix (issue 12): every action of the app that takes an id, found through the controllers' action
/// descriptors, is either a route of a registered kind's record, walked here for every kind as a user outside the
/// kind's rule who must get 404, or named below as about something else. A new action taking an id fails the matrix
/// until it is one or the other.
/// </summary>
public sealed class VisibilityMatrixTests(CrmAppFactory app, ITestOutputHelper output) : IClassFixture<CrmAppFactory>
{
    /// <summary>Actions whose id is not a record of a registered kind, by controller (or controller.action), and why.</summary>
    private static readonly Dictionary<string, string> NotRecordRoutes = new(StringComparer.Ordinal)
    {
        ["Activities"] = "an activity's id: its author or an admin edits it; what it is logged on is checked by ActivityAccess",
        ["AdminPipelines"] = "pipelines and stages: admin only",
        ["AdminSla"] = "SLA policies: admin only",
        ["ApiTokens"] = "an API token's id: the user's own tokens only",
        ["CampaignMembers"] = "the campaign chosen must be one the user may change (EditableBy), the contacts go through the contacts' rule",
        ["CustomFields"] = "custom field definitions: admin only",
        ["ReportBuilder"] = "a saved report's id: its owner's, shared with one of the user's teams, or any for admins; someone else's answers 404 (ReportBuilderTests)",
        ["ReportSchedules"] = "a report schedule's id: the user's own only (ReportScheduleTests checks another user gets 404)",
        ["RecycleBin.Purge"] = "deleting for good from the bin: admin only, and admins see every record",
        ["AdminWorkflows"] = "workflow rules and runs: admin only; the dry run's record id goes through the kind's access",
        ["EmailTemplates"] = "email templates: admin only",
        ["Imports"] = "an import job's id: the user's own jobs only",
        ["Knowledge"] = "knowledge base articles: shared with every agent by design",
        ["MailAdmin"] = "outbox messages: admin only",
        ["Notifications"] = "a notification's id: the user's own only",
        ["Products"] = "the product catalogue: shared by design",
        ["SavedViews"] = "a saved view's id: the user's own or shared views",
        ["Support"] = "the customer portal: a ticket's files through the customer's own link, for no signed-in user",
        ["Teams"] = "teams: admin only",
        ["Users"] = "user accounts: admin only",
        ["WebFormsAdmin"] = "web form definitions: admin only",
    };

    /// <summary>Record routes of every kind at once (the kind is in the route or the form), walked by their own tests below and in ApiRecordsTests.</summary>
    private static readonly HashSet<string> WalkedApart = ["RecycleBin.Restore", "Duplicates.Merge", "ApiRecords.Details"];

    /// <summary>Record routes whose id is not the record's own but something of it: how the matrix makes one.</summary>
    private static readonly Dictionary<string, Func<CrmAppFactory, int, Task<long>>> SubIds = new(StringComparer.Ordinal)
    {
        ["Tickets.Attachment"] = (app, ticket) => app.WithDbAsync(async db =>
        {
            var message = new TicketMessage { TicketId = ticket, Kind = TicketMessageKind.Customer, Body = "Logs", At = DateTime.UtcNow };
            message.Attachments.Add(new TicketAttachment { FileName = "logs.txt", ContentType = "text/plain", Size = 4, StoredName = Guid.NewGuid().ToString("N") });
            db.Add(message);
            await db.SaveChangesAsync();
            return message.Attachments[0].Id;
        }),
    };

    private sealed record Route(string Controller, string Action, string Method, string Template, Type? Kind, IReadOnlyList<string> IdNames)
    {
        public string Name => $"{Controller}.{Action}";

        public override string ToString() => $"{Method} {Name} ({Template})";
    }

    private IReadOnlyList<Route> RoutesTakingAnId()
    {
        var actions = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<ControllerActionDescriptor>();
        var routes = new List<Route>();
        foreach (var action in actions)
        {
            var ids = action.Parameters
                .Where(p => p.BindingInfo?.BindingSource != BindingSource.Services
                    && Nullable.GetUnderlyingType(p.ParameterType) is var inner && (inner ?? p.ParameterType) is var type && (type == typeof(int) || type == typeof(long))
                    && (p.Name == "id" || p.Name.EndsWith("Id", StringComparison.Ordinal) || p.Name is "a" or "b"))
                .Select(p => p.Name).ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            var kind = KindOf(action.ControllerTypeInfo);
            var methods = action.ActionConstraints?.OfType<HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods).ToList() is { Count: > 0 } m ? m : ["GET"];
            var template = action.AttributeRouteInfo?.Template is { } t ? "/" + t.TrimStart('/') : $"/{action.ControllerName}/{action.ActionName}/{{id}}";
            routes.AddRange(methods.Select(method => new Route(action.ControllerName, action.ActionName, method, template, kind, ids)));
        }

        return routes;
    }

    /// <summary>The record type of a kind's controller (one deriving from the kit's <see cref="RecordsController{T}"/>).</summary>
    private static Type? KindOf(Type controller)
    {
        for (var type = controller; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RecordsController<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string UrlOf(Route route, long id)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{id(:[a-z]+)?\??\}", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var query = route.IdNames.Where(n => n != "id" && !route.Template.Contains("{" + n, StringComparison.Ordinal)).Select(n => $"{n}={id}");
        return route.IdNames.Contains("id") ? url + (query.Any() ? "?" + string.Join('&', query) : string.Empty) : url + "?" + string.Join('&', query);
    }

    [Fact]
    public void Every_action_taking_an_id_is_a_kinds_record_route_or_named_as_about_something_else()
    {
        var routes = RoutesTakingAnId();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        var unknown = routes.Where(r => r.Kind is null && !NotRecordRoutes.ContainsKey(r.Controller) && !NotRecordRoutes.ContainsKey(r.Name) && !WalkedApart.Contains(r.Name))
            .Select(r => r.ToString()).Distinct().ToList();

        Assert.True(unknown.Count == 0, "Actions taking an id that the visibility matrix does not cover: " + string.Join("; ", unknown));
        Assert.All(kinds, k => Assert.Contains(routes, r => r.Kind == k.EntityType));
        Assert.Empty(routes.Where(r => r.Kind is not null && !r.IdNames.Contains("id") && !SubIds.ContainsKey(r.Name)).Select(r => r.ToString()));
        var stale = NotRecordRoutes.Keys.Where(c => routes.All(r => r.Controller != c && r.Name != c)).ToList();
        Assert.True(stale.Count == 0, "Named as not record routes but taking no id any more: " + string.Join(", ", stale));
    }

    [Theory]
    [InlineData(VisibilityLevel.Private, true)]
    [InlineData(VisibilityLevel.Team, false)]
    public async Task Every_record_route_of_every_kind_answers_404_to_a_user_outside_the_kinds_rule(VisibilityLevel level, bool sameTeam)
    {
        var routes = RoutesTakingAnId().Where(r => r.Kind is not null).ToList();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        var admin = await app.SignInAsync();
        var walked = 0;
        foreach (var kind in kinds)
        {
            // Outside the rule: at the private level a teammate of the owner, at the team level someone of another team,
            // both with the role that works the kind (sales for customer records, support for tickets).
            var role = TeamEditorRole(kind);
            var team = $"Matrix {level} {kind.Key}";
            var owner = await app.CreateUserAsync(role, team);
            var outsider = await app.SignInAsync(await app.CreateUserAsync(role, sameTeam ? team : team + " other"));
            var ownerClient = await app.SignInAsync(owner);
            var token = FormPosting.AntiforgeryToken(await outsider.GetStringAsync("/Search"));
            await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, level);
            try
            {
                foreach (var route in routes.Where(r => r.Kind == kind.EntityType))
                {
                    // A fresh record per route: a POST that wrongly went through would change it for the next.
                    var record = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, owner, Guid.NewGuid().ToString("N")[..8]);
                    var id = SubIds.TryGetValue(route.Name, out var sub) ? await sub(app, record) : record;
                    var url = UrlOf(route, id);
                    if (route.Method == "GET")
                    {
                        // The route is right: its owner reaches it.
                        var own = await ownerClient.GetAsync(url);
                        Assert.True(own.StatusCode != HttpStatusCode.NotFound, $"{route}: the owner got 404 at {url}");
                        var response = await outsider.GetAsync(url);
                        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} at {level}: GET {url} answered {(int)response.StatusCode}");
                    }
                    else
                    {
                        // The route is right: it is matched (its antiforgery check answers before it runs).
                        var tokenless = await outsider.PostAsync(url, new FormUrlEncodedContent(Fields(("Version", "1"))));
                        Assert.True(tokenless.StatusCode == HttpStatusCode.BadRequest, $"{route}: POST {url} without a token answered {(int)tokenless.StatusCode}");
                        var response = await outsider.PostAsync(url, new FormUrlEncodedContent(Fields(
                            ("__RequestVerificationToken", token), ("Version", "1"), ("version", "1"), ("Subject", "x"), ("Name", "x"), ("Kind", "Call"), ("Body", "x"), ("into", "1"))));
                        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} at {level}: POST {url} answered {(int)response.StatusCode}");
                        Assert.True(await app.WithDbAsync(db => kind.Summaries(db).AnyAsync(r => r.Id == record)), $"{route}: {kind.Key} {record} was removed");
                    }

                    walked++;
                    output.WriteLine($"{level}: {route} → 404 at {url}");
                }
            }
            finally
            {
                await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Team);
            }
        }

        Assert.True(walked >= kinds.Count * 5, $"only {walked} record routes walked");
    }

    [Fact]
    public async Task The_recycle_bins_restore_answers_404_for_every_kind_to_a_user_outside_the_rule()
    {
        var admin = await app.SignInAsync();
        foreach (var kind in app.Services.GetRequiredService<RecordKinds>().All)
        {
            var role = TeamEditorRole(kind);
            var owner = await app.CreateUserAsync(role, "Matrix bin " + kind.Key);
            var outsider = await app.SignInAsync(await app.CreateUserAsync(role, "Matrix bin " + kind.Key));
            var token = FormPosting.AntiforgeryToken(await outsider.GetStringAsync("/Search"));
            var adminToken = FormPosting.AntiforgeryToken(await admin.GetStringAsync("/Search"));
            var id = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, owner, Guid.NewGuid().ToString("N")[..8]);
            Form Restore(string with) => new(Fields(("__RequestVerificationToken", with), ("kind", kind.Key), ("id", $"{id}")));
            await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Private);
            try
            {
                // Deleted by an admin: support agents may not delete tickets.
                Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"{kind.Route}/Delete/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", adminToken))))).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync("/RecycleBin/Restore", Restore(token))).StatusCode);
                Assert.False(await app.WithDbAsync(db => kind.Summaries(db).AnyAsync(r => r.Id == id)), $"{kind.Key} {id} was restored");
                Assert.NotEqual(HttpStatusCode.NotFound, (await admin.PostAsync("/RecycleBin/Restore", Restore(adminToken))).StatusCode);
            }
            finally
            {
                await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Team);
            }
        }
    }

    [Fact]
    public async Task The_merge_of_every_kind_that_merges_answers_404_to_a_user_outside_the_rule()
    {
        var admin = await app.SignInAsync();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All.Where(k => k.HasMerge).ToList();
        Assert.NotEmpty(kinds);
        foreach (var kind in kinds)
        {
            var role = TeamEditorRole(kind);
            var owner = await app.CreateUserAsync(role, "Matrix merge " + kind.Key);
            var ownerClient = await app.SignInAsync(owner);
            var outsider = await app.SignInAsync(await app.CreateUserAsync(role, "Matrix merge " + kind.Key));
            var token = FormPosting.AntiforgeryToken(await outsider.GetStringAsync("/Search"));
            var marker = Guid.NewGuid().ToString("N")[..8];
            var a = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, owner, marker);
            var b = await RecordVisibilityWalkTests.MakeRecord[kind.Key](app, owner, marker);
            await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Private);
            try
            {
                Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"{kind.Route}/Merge?a={a}&b={b}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{kind.Route}/Merge?a={a}&b={b}")).StatusCode);
                var merged = await outsider.PostAsync($"{kind.Route}/Merge", new Form(Fields(("__RequestVerificationToken", token), ("A", $"{a}"), ("B", $"{b}"), ("VersionA", "1"), ("VersionB", "1"), ("Keep", $"{a}"))));
                Assert.Equal(HttpStatusCode.NotFound, merged.StatusCode);
                Assert.Equal(2, await app.WithDbAsync(db => kind.Summaries(db).CountAsync(r => r.Id == a || r.Id == b)));
            }
            finally
            {
                await RecordVisibilityLevelsTests.SetLevelAsync(admin, kind.Key, VisibilityLevel.Team);
            }
        }
    }
}
