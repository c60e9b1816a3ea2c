using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Features.Tasks;

/// <summary>The app on a clock the test moves: Thursday 3 December 2026, 10:00 in Paris (the app's zone) to start with.</summary>
public class TasksAppFactory : CrmAppFactory
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public const string PublicUrl = "https://crm.example.test";

    public TasksAppFactory()
        : this(NewDataDirectory(), ownsDataDirectory: true)
    {
    }

    private TasksAppFactory(string dataDirectory, bool ownsDataDirectory)
        : base(dataDirectory, ownsDataDirectory)
    {
        Settings["Crm:PublicUrl"] = PublicUrl;
    }

    /// <summary>Another instance on the same data folder (the same database), as a second server or a restart would be.</summary>
    public static TasksAppFactory OnFolder(string dataDirectory) => new(dataDirectory, ownsDataDirectory: false);

    public FakeTimeProvider Clock { get; } = new(Start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
