using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Features.Mail;

/// <summary>The app with a clock the test moves (FakeTimeProvider), so backoff and retries run instantly.</summary>
public sealed class MailAppFactory : CrmAppFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>One run of the outbox sender, as Hangfire would start it; returns how many it sent.</summary>
    public async Task<int> RunOutboxAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().Run(CancellationToken.None);
    }

    public async Task UseSmtpAsync(int port, string from = "crm@tests.crm", string? fromName = "Crm tests")
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SmtpSettingsStore>().SaveAsync("127.0.0.1", port, SmtpSecurity.None, null, null, from, fromName, CancellationToken.None);
    }

    public async Task UsePickupFolderAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SmtpSettingsStore>().SaveAsync(null, 25, SmtpSecurity.None, null, null, "crm@tests.crm", "Crm", CancellationToken.None);
    }

    public async Task<long> QueueAsync(string to, string subject, string text, string? html = null, string? key = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var message = scope.ServiceProvider.GetRequiredService<MailOutbox>().Add(to, subject, text, html, key);
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().SaveChangesAsync();
        return message.Id;
    }

    public Task<OutboxMessage> OutboxRowAsync(long id) =>
        WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Outbox, m => m.Id == id));
}
