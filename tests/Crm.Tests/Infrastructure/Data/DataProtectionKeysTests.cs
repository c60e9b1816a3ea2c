using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Data;

public sealed class DataProtectionKeysTests
{
    private const string CertificatePassword = "Cert-Pass-2026";

    [Fact]
    public async Task With_a_certificate_configured_the_keys_are_written_encrypted_and_read_back_with_it()
    {
        var dataDirectory = CrmAppFactory.NewDataDirectory();
        try
        {
            using var certificate = SelfSignedCertificate();
            var certificatePath = Path.Combine(dataDirectory, "dp.pfx");
            Directory.CreateDirectory(dataDirectory);
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
            string protectedPayload;
            await using (var app = CrmAppFactory.On(dataDirectory))
            {
                app.Settings[DataProtectionSetup.CertificatePathKey] = certificatePath;
                app.Settings[DataProtectionSetup.CertificatePasswordKey] = CertificatePassword;
                await app.SignInAsync();
                protectedPayload = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");
            }

            var key = Assert.Single(Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "key-*.xml"));
            var xml = await File.ReadAllTextAsync(key);
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.Ordinal);

            // As the app after a restart: the same folder and the same certificate read the key.
            using var reloaded = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, CertificatePassword);
            var provider = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataDirectory, "keys")), b => b.SetApplicationName("Crm").ProtectKeysWithCertificate(reloaded));
            Assert.Equal("hello", provider.CreateProtector("test").Unprotect(protectedPayload));
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task Without_a_certificate_on_linux_the_keys_stay_in_the_data_folder_as_before()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows protects them with DPAPI.
        }

        await using var app = new CrmAppFactory();
        await app.SignInAsync();

        var key = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml"));
        Assert.DoesNotContain("<encryptedSecret", await File.ReadAllTextAsync(key), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_certificate_that_does_not_exist_stops_the_start()
    {
        using var app = new CrmAppFactory();
        app.Settings[DataProtectionSetup.CertificatePathKey] = Path.Combine(app.DataDirectory, "missing.pfx");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(DataProtectionSetup.CertificatePathKey, error.ToString(), StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Crm data protection tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
