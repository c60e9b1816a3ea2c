using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Segments;
using Crm.Web.Features.Visibility;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Segments;

/// <summary>
/// Segments (docs/decisions/0020-segments.md): a dynamic segment's filter is the contacts list's query string and runs
/// through the list's own pipeline in SQL, so it holds exactly the contacts the list shows; static lists are filled from
/// the contacts list's bulk bar; whoever looks sees only the contacts they may see.
/// </summary>
public sealed partial class SegmentTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<CrmAppFactory, Seeded> SeededApps = [];

    private sealed record Seeded(ListTestData.User RepA, ListTestData.User RepB, ListTestData.User Marketer, int Tag, int CompanyA, int[] All, int[] OfRepB);

    /// <summary>Twelve contacts that differ in every way the contacts list filters on; some owned by a rep of another team.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (SeededApps.TryGetValue(app, out var done))
            {
                return done;
            }

            var repA = await app.UserAsync("ana@segments.test", Roles.Sales, "Segments Lyon");
            var repB = await app.UserAsync("ben@segments.test", Roles.Sales, "Segments Nantes");
            var marketer = await app.UserAsync("mia@segments.test", Roles.Marketing, null);
            var tag = (await app.TagAsync("vip-segments")).Id;
            var admin = await app.SignInAsync();
            var field = await admin.PostFormAsync("/Admin/Fields/New", new()
            {
                ["Kind"] = "contacts", ["Type"] = "Number", ["LabelEn"] = "Budget", ["LabelFr"] = "Budget", ["Key"] = "budget",
            });
            Assert.Equal(HttpStatusCode.Redirect, field.StatusCode);
            var seeded = await app.WithDbAsync(async db =>
            {
                var budget = await db.CustomFields.SingleAsync(f => f.Kind == "contacts" && f.Key == "budget");
                var lyon = new Company { Name = "Segments Lyon SA", BillingAddress = new() { City = "Lyon" } };
                var nantes = new Company { Name = "Segments Nantes SARL", BillingAddress = new() { City = "Nantes" } };
                db.Companies.AddRange(lyon, nantes);
                await db.SaveChangesAsync();
                var now = DateTime.UtcNow;
                var contacts = Enumerable.Range(0, 12).Select(i =>
                {
                    var owner = i % 4 == 0 ? null : i % 4 == 3 ? repB : repA;
                    var contact = new Contact
                    {
                        FirstName = "Seg" + i,
                        LastName = i % 5 == 0 ? "Durand" : "Martin" + i,
                        Status = i % 3 == 0 ? ContactStatus.Inactive : ContactStatus.Active,
                        LifecycleStage = i % 2 == 0 ? LifecycleStage.Customer : LifecycleStage.Lead,
                        CompanyId = i % 3 == 1 ? lyon.Id : i % 3 == 2 ? nantes.Id : null,
                        OwnerId = owner?.Id,
                        TeamId = owner?.TeamId,
                        CreatedAt = new DateTime(2026, 1 + (i % 10), 10, 9, 0, 0, DateTimeKind.Utc),
                        LastActivityAt = i % 3 == 2 ? null : now.AddDays(-(i * 7)),
                    };
                    contact.SetEmails([$"seg{i}@segments.test"]);
                    if (i % 2 == 1)
                    {
                        contact.SetConsent(ConsentState.Granted, now, "Test");
                    }
                    else if (i % 4 == 2)
                    {
                        contact.SetConsent(ConsentState.Denied, now, "Test");
                    }

                    if (i % 3 == 0)
                    {
                        contact.AddTag(tag);
                    }

                    return contact;
                }).ToList();
                db.Contacts.AddRange(contacts);
                await db.SaveChangesAsync();
                for (var i = 0; i < contacts.Count; i += 2)
                {
                    db.CustomFieldValues.Add(new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = budget.Id, RecordId = contacts[i].Id, Number = i * 100 });
                }

                await db.SaveChangesAsync();

                // A won deal with two contacts, an open one with a third.
                var won = Deals.DealTestData.New("Segments won");
                won.Win(null, DateTime.UtcNow);
                var open = Deals.DealTestData.New("Segments open");
                db.Deals.AddRange(won, open);
                await db.SaveChangesAsync();
                db.DealContacts.AddRange(
                    new Crm.Web.Features.Deals.DealContact { DealId = won.Id, ContactId = contacts[1].Id },
                    new Crm.Web.Features.Deals.DealContact { DealId = won.Id, ContactId = contacts[2].Id },
                    new Crm.Web.Features.Deals.DealContact { DealId = open.Id, ContactId = contacts[3].Id });
                await db.SaveChangesAsync();
                return new Seeded(repA, repB, marketer, tag, lyon.Id, contacts.Select(c => c.Id).ToArray(),
                    contacts.Where(c => c.OwnerId == repB.Id).Select(c => c.Id).ToArray());
            });
            SeededApps[app] = seeded;
            return seeded;
        }
        finally
        {
            Gate.Release();
        }
    }

    private Task<CrmUser> CrmUserAsync(string id, int? team, string role) =>
        InScopeAsync(services => services.GetRequiredService<CurrentVisibility>().UserAsync(id, team, [role], CancellationToken.None));

    private async Task<string> AdminIdAsync() => await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());

    /// <summary>The contacts a dynamic segment with this filter holds for the user, read through the seam campaigns use.</summary>
    private Task<List<int>> MembersAsync(string filter, CrmUser user) =>
        InScopeAsync(async services =>
        {
            var members = services.GetRequiredService<SegmentMembers>();
            var ids = await members.ContactIdsAsync(0, SegmentType.Dynamic, SegmentEditor.Normalise(filter, user), user, CancellationToken.None);
            return await ids.OrderBy(id => id).ToListAsync();
        });

    private static HashSet<int> ListedIds(string html) =>
        DetailsLink().Matches(html).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();

    [Theory]
    [InlineData("")]
    [InlineData("consent=Granted")]
    [InlineData("consent=Denied")]
    [InlineData("stage=Customer")]
    [InlineData("status=Inactive")]
    [InlineData("tag={tag}")]
    [InlineData("owner={repA}")]
    [InlineData("owner=unowned")]
    [InlineData("company={companyA}")]
    [InlineData("idle=30")]
    [InlineData("from=2026-03-01&to=2026-06-30")]
    [InlineData("q=durand")]
    [InlineData("deal=Won")]
    [InlineData("deal=Open")]
    [InlineData("deal=none")]
    [InlineData("team={teamA}")]
    [InlineData("companyCity=lyon")]
    [InlineData("cf.budget.from=400")]
    [InlineData("cf.budget.from=200&cf.budget.to=600")]
    [InlineData("consent=Granted&stage=Lead&status=Active")]
    public async Task Each_filter_of_the_contacts_list_gives_the_segment_the_same_contacts_as_the_list(string filter)
    {
        var seeded = await SeedAsync();
        filter = filter.Replace("{tag}", seeded.Tag.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{repA}", seeded.RepA.Id, StringComparison.Ordinal)
            .Replace("{teamA}", seeded.RepA.TeamId?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{companyA}", seeded.CompanyA.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var admin = await app.SignInAsync();
        var listed = ListedIds(await admin.GetTextAsync("/Contacts?size=100&" + filter)).Intersect(seeded.All).Order().ToList();
        var members = (await MembersAsync(filter, await CrmUserAsync(await AdminIdAsync(), null, Roles.Admin))).Intersect(seeded.All).Order().ToList();

        Assert.Equal(listed, members);
        if (filter.Length > 0)
        {
            // Every filter here narrows: it is not "everyone" passing for a translation.
            Assert.InRange(members.Count, 1, seeded.All.Length - 1);
        }
    }

    [Fact]
    public async Task A_filter_the_list_does_not_know_or_a_value_it_refuses_is_an_error_and_the_stored_filter_keeps_only_filters()
    {
        var admin = await app.SignInAsync();
        var refused = await admin.PostFormAsync("/Segments/Create", new()
        {
            ["Name"] = "Broken", ["Type"] = "Dynamic", ["Filter"] = "colour=blue&q=" + new string('x', 300),
        });
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The contacts list has no filter named colour.", html, StringComparison.Ordinal);

        var created = await admin.PostFormAsync("/Segments/Create", new()
        {
            ["Name"] = "Mine granted", ["Type"] = "Dynamic", ["Filter"] = "/Contacts?sort=created&dir=asc&after=abc&owner=me&consent=Granted&cols=email",
        });
        var id = RecordPages.IdFromLocation(created);
        var stored = await app.WithDbAsync(db => db.Segments.Where(s => s.Id == id).Select(s => s.Filter).SingleAsync());
        Assert.Equal("consent=Granted&owner=" + await AdminIdAsync(), stored);
    }

    [Fact]
    public async Task A_reps_segment_counts_and_shows_only_the_contacts_the_rep_may_see()
    {
        var seeded = await SeedAsync();
        var segment = await app.AddSegmentAsync("Everyone granted", type: SegmentType.Dynamic, filter: "consent=Granted");
        var repA = await CrmUserAsync(seeded.RepA.Id, seeded.RepA.TeamId, Roles.Sales);
        var admin = await CrmUserAsync(await AdminIdAsync(), null, Roles.Admin);
        var forRep = await InScopeAsync(async s => await (await s.GetRequiredService<SegmentMembers>().ContactIdsAsync(segment, repA, CancellationToken.None))!.ToListAsync());
        var forAdmin = await InScopeAsync(async s => await (await s.GetRequiredService<SegmentMembers>().ContactIdsAsync(segment, admin, CancellationToken.None))!.ToListAsync());

        var hidden = forAdmin.Intersect(seeded.OfRepB).ToList();
        Assert.NotEmpty(hidden);
        Assert.Empty(forRep.Intersect(seeded.OfRepB));
        Assert.Equal(forAdmin.Except(hidden).Order(), forRep.Order());

        var page = WebUtility.HtmlDecode(await (await app.SignInAsAsync(seeded.RepA)).GetTextAsync(Segment.Kind.DetailsPath(segment)));
        Assert.Contains(forRep.Count == 1 ? "1 contact<" : $"{forRep.Count} contacts<", page, StringComparison.Ordinal);
        Assert.Empty(ListedIds(page).Intersect(seeded.OfRepB));
    }

    [Fact]
    public async Task A_segment_the_user_may_not_see_has_no_members_for_them()
    {
        var seeded = await SeedAsync();
        var ofB = await app.AddSegmentAsync("Ben's list", new RecordPages.TestUser(seeded.RepB.Id, seeded.RepB.Email, seeded.RepB.TeamId));
        var repA = await CrmUserAsync(seeded.RepA.Id, seeded.RepA.TeamId, Roles.Sales);
        Assert.Null(await InScopeAsync(s => s.GetRequiredService<SegmentMembers>().ContactIdsAsync(ofB, repA, CancellationToken.None)));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsAsync(seeded.RepA)).GetAsync(Segment.Kind.DetailsPath(ofB))).StatusCode);
    }

    [Fact]
    public async Task Marketing_adds_ticked_and_all_matching_contacts_to_a_static_list_from_the_contacts_list()
    {
        var seeded = await SeedAsync();
        var marketer = await app.SignInAsAsync(seeded.Marketer);
        var list = await marketer.GetTextAsync("/Contacts?consent=Granted");
        Assert.Contains("data-testid=\"bulk-bar\"", list, StringComparison.Ordinal);
        Assert.Contains("name=\"consent\"", list, StringComparison.Ordinal);
        var granted = ListedIds(list).Intersect(seeded.All).ToList();
        Assert.NotEmpty(granted);
        Assert.All(await app.WithDbAsync(db => db.Contacts.Where(c => granted.Contains(c.Id)).Select(c => c.Consent).ToListAsync()), c => Assert.Equal(ConsentState.Granted, c));

        var created = await marketer.PostFormAsync("/Segments/Create", new() { ["Name"] = "Trade show", ["Type"] = "Static" });
        var listId = RecordPages.IdFromLocation(created);
        Assert.Contains($"value=\"{listId}\"", await marketer.GetTextAsync("/Contacts"), StringComparison.Ordinal);

        var ticked = seeded.All.Take(2).Select(id => new KeyValuePair<string, string>("Ids", id.ToString(CultureInfo.InvariantCulture)));
        var posted = await marketer.PostMultipleAsync("/Contacts/Bulk", ticked.Concat([new("Action", SegmentBulk.AddToListKey), new("Choice", listId.ToString(CultureInfo.InvariantCulture)), new("ReturnUrl", "/Contacts")]), "/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(seeded.All.Take(2).Order(), await MembersOfAsync(listId));

        var all = await marketer.PostMultipleAsync("/Contacts/Bulk?consent=Granted",
            [new("AllMatching", "true"), new("Action", SegmentBulk.AddToListKey), new("Choice", listId.ToString(CultureInfo.InvariantCulture)), new("ReturnUrl", "/Contacts")], "/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.Equal(seeded.All.Take(2).Union(granted).Order(), await MembersOfAsync(listId));

        // The contacts are unchanged: adding to a list is not an edit of the contact.
        Assert.All(await app.WithDbAsync(db => db.Contacts.Where(c => granted.Contains(c.Id)).Select(c => c.Version).ToListAsync()), v => Assert.Equal(1, v));
        var page = WebUtility.HtmlDecode(await marketer.GetTextAsync(Segment.Kind.DetailsPath(listId)));
        var count = seeded.All.Take(2).Union(granted).Count();
        Assert.Contains($"{count} contacts<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rep_adds_to_a_list_only_the_contacts_they_may_see()
    {
        var seeded = await SeedAsync();
        var rep = await app.SignInAsAsync(seeded.RepA);
        var listId = RecordPages.IdFromLocation(await rep.PostFormAsync("/Segments/Create", new() { ["Name"] = "Ana's calls", ["Type"] = "Static" }));
        var ticked = seeded.All.Select(id => new KeyValuePair<string, string>("Ids", id.ToString(CultureInfo.InvariantCulture)));
        var posted = await rep.PostMultipleAsync("/Contacts/Bulk", ticked.Concat([new("Action", SegmentBulk.AddToListKey), new("Choice", listId.ToString(CultureInfo.InvariantCulture)), new("ReturnUrl", "/Contacts")]), "/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var members = await MembersOfAsync(listId);
        Assert.Equal(seeded.All.Except(seeded.OfRepB).Order(), members);

        // Someone else's list is not one to add to.
        var other = await app.AddSegmentAsync("Ben's static", new RecordPages.TestUser(seeded.RepB.Id, seeded.RepB.Email, seeded.RepB.TeamId), SegmentType.Static);
        await rep.PostMultipleAsync("/Contacts/Bulk", ticked.Concat([new("Action", SegmentBulk.AddToListKey), new("Choice", other.ToString(CultureInfo.InvariantCulture)), new("ReturnUrl", "/Contacts")]), "/Contacts");
        Assert.Empty(await MembersOfAsync(other));
    }

    [Fact]
    public async Task Support_reads_contacts_but_is_not_offered_add_to_list()
    {
        var support = await app.UserAsync("sue@segments.test", Roles.Support, null);
        var html = await (await app.SignInAsAsync(support)).GetTextAsync("/Contacts");
        Assert.DoesNotContain("data-testid=\"bulk-bar\"", html, StringComparison.Ordinal);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        T result = default!;
        await app.WithScopeAsync(async services => result = await action(services));
        return result;
    }

    private Task<List<int>> MembersOfAsync(int segmentId) =>
        app.WithDbAsync(db => db.SegmentMembers.Where(m => m.SegmentId == segmentId).Select(m => m.ContactId).OrderBy(id => id).ToListAsync());

    [GeneratedRegex("href=\"/Contacts/Details/(\\d+)\"")]
    private static partial Regex DetailsLink();
}
