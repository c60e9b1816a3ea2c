using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Tests.Infrastructure.Data;

/// <summary>
/// What a page costs per request under load (issue 14): its queries share one connection taken from the pool once, and
/// the strings it looks up are answered from memory in the request's language.
/// </summary>
public sealed class ConnectionPerRequestTests(ConnectionPerRequestTests.App app) : IClassFixture<ConnectionPerRequestTests.App>
{
    [Theory]
    [InlineData("/Contacts")]
    [InlineData("/Contacts?q=mar")]
    [InlineData("/Companies")]
    [InlineData("/")]
    public async Task A_page_runs_all_its_queries_on_one_opened_connection(string path)
    {
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        app.Counter.Clear();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);

        var page = Assert.Single(app.Counter.Contexts, c => c.Commands >= 2);
        Assert.Equal(1, page.Opens);
    }

    [Fact]
    public void Strings_are_answered_in_the_language_of_each_lookup()
    {
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        const string key = "Contacts are the people you work with. Add the first one or import a file.";
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            Assert.StartsWith("Les contacts sont", l[key].Value, StringComparison.Ordinal);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal(key, l[key].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            Assert.StartsWith("Les contacts sont", l[key].Value, StringComparison.Ordinal);

            var missing = l["No such key " + Guid.NewGuid().ToString("N")];
            Assert.True(missing.ResourceNotFound);
            Assert.StartsWith("No such key", missing.Value, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    public sealed class App : CrmAppFactory
    {
        public ContextCounter Counter { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<IInterceptor>(Counter);
                services.AddSingleton<IInterceptor>(new CommandCounter(Counter));
            });
        }
    }

    /// <summary>Connection opens and commands, per context (a request has one).</summary>
    public sealed class ContextCounter : DbConnectionInterceptor
    {
        private readonly ConcurrentDictionary<DbContext, (int Opens, int Commands)> _counts = new();

        public IReadOnlyList<(int Opens, int Commands)> Contexts => [.. _counts.Values];

        public void Clear() => _counts.Clear();

        public void Command(DbContext? context)
        {
            if (context is not null)
            {
                _counts.AddOrUpdate(context, (0, 1), (_, c) => (c.Opens, c.Commands + 1));
            }
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Opened(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Opened(eventData.Context);
            return result;
        }

        private void Opened(DbContext? context)
        {
            if (context is not null)
            {
                _counts.AddOrUpdate(context, (1, 0), (_, c) => (c.Opens + 1, c.Commands));
            }
        }
    }

    private sealed class CommandCounter(ContextCounter counter) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            counter.Command(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            counter.Command(eventData.Context);
            return ValueTask.FromResult(result);
        }
    }
}
