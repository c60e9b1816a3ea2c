using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Email;

public sealed class MailQueueTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_failing_item_is_logged_and_the_next_one_still_runs()
    {
        app.StartServer();
        var queue = app.Services.GetRequiredService<MailQueue>();
        var ran = 0;

        Assert.True(queue.TryQueue("fails", (_, _) => throw new InvalidOperationException("SMTP down")));
        Assert.True(queue.TryQueue("fails later", async (_, ct) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("SMTP down");
        }));
        Assert.True(queue.TryQueue("works", (services, _) =>
        {
            Assert.NotNull(services.GetService<MailSender>());
            Interlocked.Increment(ref ran);
            return Task.CompletedTask;
        }));
        await app.MailQueueIdleAsync();

        Assert.Equal(1, ran);
        Assert.Equal(0, queue.Pending);
    }
}
