using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Crm.Tests.Infrastructure;
using Crm.Tests.Infrastructure.Localization;
using Crm.Web.Features.Duplicates;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Duplicates;

/// <summary>
/// The duplicates list, "not a duplicate" and the merge, proven once over every kind with a duplicates or merge part
/// (a new kind joins by adding how to make one of its likely pairs to <see cref="Pairs"/>).
/// </summary>
public sealed class DuplicateKindsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>Two records of a kind that its duplicates part finds as a pair, the first created first.</summary>
    private static readonly Dictionary<string, Func<CrmAppFactory, string, Task<(int A, int B)>>> Pairs = new()
    {
        ["contacts"] = async (app, name) => (
            await app.ContactAsync("Anne", name, emails: [$"anne@{name}.fr"]),
            await app.ContactAsync("Anne", $"{name}-Bis", emails: [$"ANNE@{name}.fr"])),
        ["companies"] = async (app, name) => (
            await app.CompanyAsync($"{name} Conseil"),
            await app.CompanyAsync($"{name} conseil")),
    };

    public static TheoryData<string> KindsWithDuplicates() => new(Pairs.Keys);

    private RecordKinds Kinds => app.Services.GetRequiredService<RecordKinds>();

    private RecordKind Kind(string key) => Kinds.Find(key)!;

    private static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Every_kind_with_a_duplicates_part_is_proven_here_and_can_be_merged()
    {
        Assert.Equal(Kinds.All.Where(k => k.HasDuplicates).Select(k => k.Key).Order(), Pairs.Keys.Order());
        Assert.All(Kinds.All.Where(k => k.HasDuplicates), k => Assert.True(k.HasMerge, $"{k.Key} lists pairs it cannot merge"));
    }

    [Fact]
    public async Task Every_kind_with_a_merge_part_declares_a_merge_rule_that_fits_each_field()
    {
        await app.WithDbAsync(db =>
        {
            foreach (var kind in Kinds.All.Where(k => k.HasMerge))
            {
                var entity = db.Model.FindEntityType(kind.EntityType)!;
                foreach (var field in kind.Fields)
                {
                    var dot = field.Name.IndexOf('.', StringComparison.Ordinal);
                    var column = dot < 0
                        ? entity.FindProperty(field.Name)
                        : entity.FindComplexProperty(field.Name[..dot])?.ComplexType.FindProperty(field.Name[(dot + 1)..]);
                    var collection = dot < 0 && entity.FindNavigation(field.Name) is { IsCollection: true };
                    var where = $"{kind.Key}.{field.Name}";
                    switch (field.Merge)
                    {
                        case MergeRule.Union:
                            // Values of both records kept: only a list of values can hold both.
                            Assert.True(collection, $"{where} is unioned but is not a list of values");
                            Assert.Null(field.MergeChoice);
                            break;
                        default:
                            // Picked or kept: one value, stored in a column the merge can set.
                            Assert.True(column is not null && !column.IsShadowProperty() && !column.IsKey(), $"{where} is {field.Merge} but is not a column of its own");
                            Assert.True(field.Merge == MergeRule.Choose || field.MergeChoice is null, $"{where} is kept from the survivor yet shares a choice");
                            break;
                    }
                }

                var choices = MergeChoicesOf(kind);
                Assert.Equal(choices.Count, choices.Select(c => c.FormName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
                Assert.DoesNotContain(choices, c => c.FormName is "A" or "B" or "Keep" or "VersionA" or "VersionB");
                // The record's owner and team are one choice, so a merge never gives a record one user's owner and another's team.
                Assert.Contains(choices, c => c.Fields.Any(f => f.Type == FieldType.User) && c.Fields.Any(f => f.Type == FieldType.Team));
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Every_text_of_the_duplicates_and_merge_parts_reads_in_French()
    {
        var french = XDocument.Load(Path.Combine(ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var texts = Kinds.All.SelectMany(k => k.Accept(new Texts())).ToList();

        Assert.NotEmpty(texts);
        Assert.Empty(texts.Where(t => !french.Contains(t)).Distinct());
    }

    [Theory]
    [MemberData(nameof(KindsWithDuplicates))]
    public async Task A_pair_is_listed_with_its_reason_and_not_a_duplicate_hides_it_for_good(string key)
    {
        var kind = Kind(key);
        var (a, b) = await Pairs[key](app, "Listed" + key);
        var client = await app.SignInAsync();
        var list = $"{kind.Route}/Duplicates";

        var html = await client.GetStringAsync(list);
        var response = await client.PostFormAsync($"{list}/Dismiss", new() { ["A"] = S(b), ["B"] = S(a) }, list);

        Assert.Contains($"data-pair=\"{a}-{b}\"", html, StringComparison.Ordinal);
        Assert.Contains("badge text-bg-warning", html, StringComparison.Ordinal);
        Assert.Contains($"{kind.Route}/Merge?a={a}&b={b}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(list, response.Headers.Location!.OriginalString);
        Assert.DoesNotContain($"data-pair=\"{a}-{b}\"", await client.GetStringAsync(list), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.DuplicateDismissals.CountAsync(d => d.List == key && d.FirstId == a && d.SecondId == b)));
    }

    [Theory]
    [MemberData(nameof(KindsWithDuplicates))]
    public async Task Dismissing_or_merging_records_that_do_not_exist_answers_404(string key)
    {
        var kind = Kind(key);
        var (a, _) = await Pairs[key](app, "Missing" + key);
        var client = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{kind.Route}/Duplicates/Dismiss", new() { ["A"] = "900001", ["B"] = "900002" }, $"{kind.Route}/Duplicates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{kind.Route}/Merge?a={a}&b=900003")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{kind.Route}/Merge?a={a}&b={a}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(KindsWithDuplicates))]
    public async Task Merging_keeps_the_chosen_record_bins_the_other_offers_undo_and_redirects_its_old_address(string key)
    {
        var kind = Kind(key);
        var (a, b) = await Pairs[key](app, "Merged" + key);
        var client = await app.SignInAsync();
        var url = $"{kind.Route}/Merge?a={a}&b={b}";
        var preview = await client.GetStringAsync(url);
        var fields = DuplicateData.FormFields(preview);
        fields["Keep"] = S(b);

        var response = await client.PostFormAsync($"{kind.Route}/Merge", fields, url);

        Assert.All(MergeChoicesOf(kind), c => Assert.Contains($"name=\"{c.FormName}\"", preview, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(kind.DetailsPath(b), response.Headers.Location!.OriginalString);
        Assert.Contains(">Undo</button>", await client.GetStringAsync(kind.DetailsPath(b)), StringComparison.Ordinal);
        var deleted = await app.WithDbAsync(db => kind.Summaries(db, withDeleted: true).Where(s => s.Id == a || s.Id == b).ToDictionaryAsync(s => s.Id, s => s.DeletedAt));
        Assert.NotNull(deleted[a]);
        Assert.Null(deleted[b]);
        var old = await client.GetAsync(kind.DetailsPath(a));
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal(kind.DetailsPath(b), old.Headers.Location!.OriginalString);
        var events = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == kind.AuditType && (e.EntityId == a || e.EntityId == b) && e.Action != AuditAction.Created).ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((AuditAction.Merged, ChangeSource.Merge), (e.Action, e.Source)));
        Assert.Contains(RecordKind.MergedIntoField, events.Single(e => e.EntityId == a).Changes, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindsWithDuplicates))]
    public async Task A_record_changed_since_the_preview_is_not_merged_and_a_choice_naming_a_third_record_is_refused(string key)
    {
        var kind = Kind(key);
        var (a, b) = await Pairs[key](app, "Refused" + key);
        var client = await app.SignInAsync();
        var url = $"{kind.Route}/Merge?a={a}&b={b}";
        var fields = DuplicateData.FormFields(await client.GetStringAsync(url));
        var invalid = new Dictionary<string, string>(fields) { [MergeChoicesOf(kind)[0].FormName] = "999999" };

        var refused = await client.PostFormAsync($"{kind.Route}/Merge", invalid, url);
        await app.WithDbAsync(async db =>
        {
            var table = db.Model.FindEntityType(kind.EntityType)!.GetTableName();
#pragma warning disable EF1002 // The table name comes from the model, the id is a parameter.
            await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {{0}}", b);
#pragma warning restore EF1002
        });
        var stale = await client.PostFormAsync($"{kind.Route}/Merge", fields, url);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(DuplicatesController.InvalidMessage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => kind.Summaries(db).CountAsync(s => s.Id == a || s.Id == b)));
    }

    [Fact]
    public async Task A_route_that_is_no_kind_with_duplicates_answers_404()
    {
        var client = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Nothing/Duplicates")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Nothing/Merge?a=1&b=2")).StatusCode);
    }

    private static IReadOnlyList<MergeChoice> MergeChoicesOf(RecordKind kind) => kind.Accept(new Choices());

    private sealed class Choices : IRecordKindVisitor<IReadOnlyList<MergeChoice>>
    {
        public IReadOnlyList<MergeChoice> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> => kind.Merge?.Choices(kind.Fields) ?? [];
    }

    /// <summary>Every English resource key a kind's duplicates and merge parts show.</summary>
    private sealed class Texts : IRecordKindVisitor<IEnumerable<string>>
    {
        public IEnumerable<string> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T>
        {
            if (kind.Duplicates is { } d)
            {
                foreach (var text in d.Reasons.Select(r => r.Label).Concat([d.Title, d.Intro, d.Empty, d.CannotMerge]))
                {
                    yield return text;
                }
            }

            if (kind.Merge is { } m)
            {
                foreach (var text in m.Choices(kind.Fields).Select(c => c.Label).Concat([m.Title, m.Intro, m.KeepThis, m.Submit, m.Done]))
                {
                    yield return text;
                }
            }
        }
    }
}
