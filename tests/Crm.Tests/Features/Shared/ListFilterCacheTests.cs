using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Shared;

/// <summary>The owners and tags a list offers are kept in memory, and a saved user or tag shows at once all the same.</summary>
public sealed class ListFilterCacheTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("/Contacts")]
    [InlineData("/Companies")]
    public async Task A_new_tag_is_offered_by_the_next_list_page(string list)
    {
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(list)).StatusCode);

        var name = "Fresh" + Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(db =>
        {
            db.Tags.Add(Tag.Create(name));
            return db.SaveChangesAsync();
        });

        Assert.Contains(name, await client.GetStringAsync(list), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_user_is_offered_as_owner_by_the_next_list_page()
    {
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Contacts")).StatusCode);

        var email = $"owner-{Guid.NewGuid():N}@tests.crm";
        await app.CreateUserAsync(email, "Owner-Pass-2026", Roles.Sales);

        Assert.Contains(email, await client.GetStringAsync("/Contacts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_user_is_offered_as_owner_by_the_next_form_and_a_deactivated_one_no_more()
    {
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Contacts/Create")).StatusCode);

        var email = $"assignee-{Guid.NewGuid():N}@tests.crm";
        var user = await app.CreateUserAsync(email, "Owner-Pass-2026", Roles.Sales);
        Assert.Contains(email, await client.GetStringAsync("/Contacts/Create"), StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            var saved = await db.Users.FindAsync(user.Id);
            saved!.IsActive = false;
            await db.SaveChangesAsync();
        });
        Assert.DoesNotContain(email, await client.GetStringAsync("/Contacts/Create"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_are_read_once_until_something_is_saved()
    {
        var cache = app.Services.GetRequiredService<ListFilterCache>();
        var loads = 0;
        Task<IReadOnlyList<Option>> Load(CancellationToken ct)
        {
            loads++;
            return Task.FromResult<IReadOnlyList<Option>>([new Option("1", "One")]);
        }

        var key = "test-" + Guid.NewGuid().ToString("N");
        await cache.GetAsync(key, Load, CancellationToken.None);
        await cache.GetAsync(key, Load, CancellationToken.None);
        Assert.Equal(1, loads);

        await app.WithDbAsync(db =>
        {
            db.Tags.Add(Tag.Create("Saved" + Guid.NewGuid().ToString("N")[..8]));
            return db.SaveChangesAsync();
        });
        await cache.GetAsync(key, Load, CancellationToken.None);
        Assert.Equal(2, loads);
    }
}
