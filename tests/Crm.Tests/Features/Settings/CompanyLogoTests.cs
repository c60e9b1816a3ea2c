using System.Net;
using System.Net.Http.Headers;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Tests.Features.Settings;

/// <summary>The company logo: checked by its content, kept in the data folder, shown in the menu bar, removable.</summary>
public sealed class CompanyLogoTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName)
    {
        var html = await client.GetStringAsync("/Admin/Settings");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "logoFile", fileName);
        form.Add(new StringContent(FormPosting.AntiforgeryToken(html)), "__RequestVerificationToken");
        return await client.PostAsync("/Admin/Settings/Logo", form);
    }

    private string Branding => Path.Combine(app.DataDirectory, "branding");

    [Fact]
    public async Task A_png_named_jpg_is_kept_as_a_png_shown_in_the_menu_bar_and_removable()
    {
        var admin = await app.SignInAsync();

        var saved = await UploadAsync(admin, Png, "logo.jpg");

        Assert.Equal("/Admin/Settings#logo", saved.LocationPath());
        Assert.True(File.Exists(Path.Combine(Branding, "logo.png")));
        Assert.Contains("data-testid=\"company-logo\"", await admin.GetTextAsync("/Contacts"), StringComparison.Ordinal);
        var served = await admin.GetAsync("/Logo");
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());

        Assert.Equal("/Admin/Settings#logo", (await admin.PostFormAsync("/Admin/Settings/Logo/Remove", [], "/Admin/Settings")).LocationPath());
        Assert.Empty(Directory.GetFiles(Branding, "logo.*"));
        Assert.DoesNotContain("company-logo", await admin.GetTextAsync("/Contacts"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Logo")).StatusCode);
    }

    [Fact]
    public async Task A_text_file_named_png_a_too_large_image_or_no_file_is_refused_with_a_message()
    {
        var admin = await app.SignInAsync();
        var tooLarge = new byte[CompanyLogo.MaxBytes + 1];
        Png.CopyTo(tooLarge, 0);

        var text = await (await UploadAsync(admin, "<svg onload=alert(1)>"u8.ToArray(), "logo.png")).ReadTextAsync();
        var large = await (await UploadAsync(admin, tooLarge, "big.png")).ReadTextAsync();
        var empty = await (await UploadAsync(admin, [], "empty.png")).ReadTextAsync();

        Assert.Contains("The file is not a PNG, JPEG or WebP image.", text, StringComparison.Ordinal);
        Assert.Contains("The logo is too large: 512 KB at most.", large, StringComparison.Ordinal);
        Assert.Contains("Choose an image file.", empty, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Branding) && Directory.GetFiles(Branding).Length > 0);
    }

    [Fact]
    public async Task Only_an_admin_changes_the_logo()
    {
        await app.CreateUserAsync("logo-manager@tests.crm", "Logo-Pass-2026", Roles.Manager);
        var manager = await app.SignInAsync("logo-manager@tests.crm", "Logo-Pass-2026");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "logoFile", "logo.png" } };

        var refused = await manager.PostFormAsync("/Admin/Settings/Logo/Remove", [], "/Account/Manage");

        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.SignInAsync()).PostAsync("/Admin/Settings/Logo", form)).StatusCode);
    }
}
