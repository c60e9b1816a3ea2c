using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Where the keys that sign cookies and antiforgery tokens live, and how they are protected at rest
/// (docs/decisions/0005-data-protection-keys-at-rest.md).
/// </summary>
public static class DataProtectionSetup
{
    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static IServiceCollection AddCrmDataProtection(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("Crm");
        if (DatabaseSettings.Provider(configuration) == DatabaseProvider.SqlServer)
        {
            // Shared by every instance behind a load balancer (ARCHITECTURE §10).
            dataProtection.PersistKeysToDbContext<CrmDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(paths.Keys));
        }

        var certificatePath = configuration[CertificatePathKey];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            // A configured certificate that cannot be read stops the start: silently writing clear keys would hide the mistake.
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(certificatePath, configuration[CertificatePasswordKey]));
        }
        else if (OperatingSystem.IsWindows())
        {
            // Readable by the app's Windows account only; several instances need the certificate instead.
            dataProtection.ProtectKeysWithDpapi();
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{CertificatePathKey} names a file that does not exist: {path}");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The certificate in {CertificatePathKey} has no private key: keys protected with it could not be read back.");
        }

        return certificate;
    }
}
