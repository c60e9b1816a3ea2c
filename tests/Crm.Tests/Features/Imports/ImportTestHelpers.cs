using System.Net;
using System.Net.Http.Headers;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Imports;

/// <summary>Users and the import steps as a browser goes through them.</summary>
public static class ImportTestHelpers
{
    public const string Password = "Test-Pass-2026";

    public static async Task<(string Id, HttpClient Client)> UserAsync(this CrmAppFactory app, string role, string? team = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.crm";
        string id = string.Empty;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            int? teamId = null;
            if (team is not null)
            {
                var existing = await db.Teams.FirstOrDefaultAsync(t => t.Name == team);
                if (existing is null)
                {
                    existing = new Team { Name = team };
                    db.Teams.Add(existing);
                    await db.SaveChangesAsync();
                }

                teamId = existing.Id;
            }

            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = role + " user", TeamId = teamId, CreatedAt = DateTime.UtcNow };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            id = user.Id;
        });
        return (id, await app.SignInAsync(email, Password));
    }

    /// <summary>Posts a file to the upload page with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string page, byte[] content, string fileName, CancellationToken ct = default)
    {
        var html = await client.GetStringAsync(page, ct);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(FormPosting.AntiforgeryToken(html)), "__RequestVerificationToken");
        return await client.PostAsync(page, form, ct);
    }

    public static int JobId(HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var location = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/Imports/Map/", location, StringComparison.Ordinal);
        return int.Parse(location["/Imports/Map/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Upload, keep the guessed mapping, choose the duplicate handling, run; returns the job id.</summary>
    public static async Task<int> ImportAsync(this CrmAppFactory app, HttpClient client, string page, byte[] content, string fileName, DuplicateHandling duplicates = DuplicateHandling.Skip)
    {
        var id = JobId(await client.UploadAsync(page, content, fileName));
        var mapping = await app.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == id).Select(j => j.MappingJson).SingleAsync());
        var guessed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<int, string>>(mapping!)!;
        // As the page's form does: every column up to the last mapped one, "Do not import" as empty. A list binds only
        // contiguous indices, so posting the mapped columns alone would drop every column after the first gap.
        var fields = Enumerable.Range(0, guessed.Count == 0 ? 0 : guessed.Keys.Max() + 1)
            .ToDictionary(i => $"Columns[{i}]", i => guessed.GetValueOrDefault(i) ?? string.Empty);
        fields["Duplicates"] = duplicates.ToString();
        var map = await client.PostFormAsync($"/Imports/Map/{id}", fields);
        Assert.Equal(HttpStatusCode.Redirect, map.StatusCode);
        Assert.Equal($"/Imports/Preview/{id}", map.Headers.Location!.OriginalString);
        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Equal($"/Imports/Status/{id}", run.Headers.Location!.OriginalString);
        return id;
    }

    public static Task<ImportJob> JobAsync(this CrmAppFactory app, int id) =>
        app.WithDbAsync(db => db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id));
}
