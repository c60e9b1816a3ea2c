using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Features.Account;

/// <summary>The app as it runs in production (Production environment), with the settings a test gives.</summary>
public sealed class ProductionAppFactory : CrmAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Counts the password verifications done by the app's IPasswordHasher.</summary>
public sealed class HashCountingAppFactory : CrmAppFactory
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddScoped<IPasswordHasher<AppUser>>(
            provider => new CountingHasher(new PasswordHasher<AppUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>()), this)));
    }

    private sealed class CountingHasher(IPasswordHasher<AppUser> inner, HashCountingAppFactory counter) : IPasswordHasher<AppUser>
    {
        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref counter._verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
