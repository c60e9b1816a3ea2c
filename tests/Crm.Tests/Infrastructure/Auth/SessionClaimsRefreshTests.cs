using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Auth;

/// <summary>The stamp is checked on every request, but the claims are rebuilt and the cookie re-issued only every few minutes.</summary>
public sealed class SessionClaimsRefreshTests
{
    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Ahead;
    }

    private sealed class MovableClockAppFactory : CrmAppFactory
    {
        public MovableClock Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private static bool ReissuesTheCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("crm.auth=", StringComparison.Ordinal));

    [Fact]
    public async Task A_renamed_user_keeps_the_old_claims_for_a_few_minutes_then_gets_the_new_ones()
    {
        await using var app = new MovableClockAppFactory();
        var user = await app.CreateUserAsync("renamed@tests.crm", "Renamed-Pass-2026", Roles.Sales);
        var client = await app.SignInAsync("renamed@tests.crm", "Renamed-Pass-2026");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Renamed Person")));

        var soon = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, soon.StatusCode);
        Assert.DoesNotContain("Renamed Person", await soon.ReadTextAsync(), StringComparison.Ordinal);
        Assert.False(ReissuesTheCookie(soon));

        app.Clock.Ahead = TimeSpan.FromMinutes(6);
        var later = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Contains("<span class=\"crm-user-name\">Renamed Person</span>", await later.ReadTextAsync(), StringComparison.Ordinal);
        Assert.True(ReissuesTheCookie(later));

        var next = await client.GetAsync("/");
        Assert.Contains("<span class=\"crm-user-name\">Renamed Person</span>", await next.ReadTextAsync(), StringComparison.Ordinal);
        Assert.False(ReissuesTheCookie(next));
    }
}
