using Crm.Web.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>Mail goes out after the response (MailQueue): tests wait for the queue before they look.</summary>
public static class MailWaiting
{
    public static async Task MailQueueIdleAsync(this CrmAppFactory app)
    {
        var queue = app.Services.GetRequiredService<MailQueue>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (queue.Pending > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{queue.Pending} mail work item(s) still pending after 30 s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The .eml files in the app's mail pickup folder.</summary>
    public static string[] MailFiles(this CrmAppFactory app)
    {
        var folder = Path.Combine(app.DataDirectory, "mail");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
    }
}
