using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Data;

public sealed class HealthTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_is_200_when_the_database_answers_and_migrations_are_applied(string path)
    {
        await using var app = new CrmAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_is_503_when_the_database_file_is_not_a_database_before_the_first_check(string path)
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("SELECT 1"));

        CorruptDatabase(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_when_a_migration_is_pending_while_health_answers_from_memory()
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var deleted = await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM __EFMigrationsHistory"));
        Assert.True(deleted > 0);

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        // Migrations are applied only at start: the liveness answer, once known, does not read the database again.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_stops_answering_while_health_answers_from_memory()
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        CorruptDatabase(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Ready_reuses_its_answer_for_a_few_seconds_then_asks_the_database_again()
    {
        await using var app = new FrozenClockAppFactory();
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM __EFMigrationsHistory"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        app.Clock.Ahead = DatabaseHealth.ReadyCheckedFor;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private sealed class FrozenClock : TimeProvider
    {
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => _start + Ahead;
    }

    private sealed class FrozenClockAppFactory : CrmAppFactory
    {
        public FrozenClock Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private static void CorruptDatabase(CrmAppFactory app)
    {
        var database = Path.Combine(app.DataDirectory, "crm.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        File.WriteAllText(database, new string('x', 4096));
    }
}
