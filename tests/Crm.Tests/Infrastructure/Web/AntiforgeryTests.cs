using System.Net;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Infrastructure.Web;

public sealed class AntiforgeryTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Logout")]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ResetPassword")]
    [InlineData("/Culture/Set")]
    [InlineData("/Setup")]
    public async Task A_post_without_antiforgery_token_is_refused(string action)
    {
        var client = app.CreateBrowserLikeClient();
        await client.GetAsync("/Account/Login");
        var response = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = CrmAppFactory.AdminEmail,
            ["Password"] = CrmAppFactory.AdminPassword,
            ["culture"] = "fr",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_cannot_be_signed_out_by_another_site()
    {
        var client = await app.SignInAsync();
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_session_is_refused()
    {
        var other = app.CreateBrowserLikeClient();
        var token = FormPosting.AntiforgeryToken(await other.GetStringAsync("/Account/Login"));

        var client = app.CreateBrowserLikeClient();
        await client.GetAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = CrmAppFactory.AdminEmail,
            ["Password"] = CrmAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
