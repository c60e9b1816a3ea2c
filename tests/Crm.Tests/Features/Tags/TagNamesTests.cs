using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Tags;

public sealed class TagNamesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Tags_are_matched_ignoring_case_and_accents_and_created_once()
    {
        var first = await FindOrCreateAsync(["Salon Été", "VIP"]);
        var second = await FindOrCreateAsync(["salon ete", "vip", "Nouveau"]);

        Assert.Equal(first[0].Id, second[0].Id);
        Assert.Equal(first[1].Id, second[1].Id);
        Assert.Equal("Salon Été", second[0].Name);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tags.CountAsync(t => t.NameKey == "nouveau")));
    }

    [Fact]
    public async Task Several_people_creating_the_same_new_tag_at_once_all_get_it()
    {
        var name = "Concurrent " + Guid.NewGuid().ToString("N")[..6];
        await FindOrCreateAsync(["warm-up"]); // the app starts once, before the race

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => FindOrCreateAsync([name]))));

        Assert.Single(results.Select(r => r[0].Id).Distinct());
        Assert.Equal(1, await app.WithDbAsync(db => db.Tags.CountAsync(t => t.Name == name)));
    }

    private async Task<List<Tag>> FindOrCreateAsync(IReadOnlyList<string> names)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tags = await scope.ServiceProvider.GetRequiredService<TagNames>().FindOrCreateAsync(names, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().SaveChangesAsync();
        return tags;
    }
}
