using System.Net.Http.Headers;
using System.Text.Json;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Api;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Api;

/// <summary>API clients for tests: a token made for a user as the account page makes it, sent as a bearer token, no cookie.</summary>
public static class ApiTestClient
{
    public static async Task<string> TokenForAsync(this CrmAppFactory app, string userId, string name = "tests")
    {
        string? token = null;
        await app.WithScopeAsync(async services => token = await services.GetRequiredService<ApiTokens>().CreateAsync(userId, name, CancellationToken.None));
        return token!;
    }

    public static HttpClient ApiClient(this CrmAppFactory app, string? token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<HttpClient> ApiClientAsync(this CrmAppFactory app, TestUser user) => app.ApiClient(await app.TokenForAsync(user.Id));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static IReadOnlyList<int> Ids(this JsonElement list) =>
        list.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToList();
}
