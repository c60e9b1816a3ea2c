using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Tests.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Home;

public sealed class ErrorPageTests(ErrorPageTests.ThrowingAppFactory app) : IClassFixture<ErrorPageTests.ThrowingAppFactory>
{
    [Fact]
    public async Task An_unhandled_exception_shows_the_error_page_with_status_500()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("Something went wrong", page, StringComparison.Ordinal);
        Assert.DoesNotContain(BoomController.Secret, page, StringComparison.Ordinal);
        SecurityHeaderChecks.AssertHardened(response);
    }

    [Fact]
    public async Task An_unhandled_exception_in_a_post_shows_the_error_page_with_status_500()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Boom/Post", new(), formPage: "/Account/Login");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_page_asked_for_directly_answers_404()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Home/Error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page does not exist", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Home/Status/500")]
    [InlineData("/Home/Status/403")]
    [InlineData("/Home/Status")]
    public async Task A_status_page_asked_for_directly_answers_404(string url)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page does not exist", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_keeps_its_404_on_the_status_page()
    {
        var client = await app.SignInAsync();
        var response = await client.GetAsync("/No/Such/Page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page does not exist", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_post_keeps_its_400_on_the_status_page()
    {
        var response = await app.CreateBrowserLikeClient().PostAsync("/Account/Login", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The request was not valid", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The app with one more controller whose actions throw, as a bug in a page would.</summary>
    public sealed class ThrowingAppFactory : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddMvcCore().AddApplicationPart(typeof(BoomController).Assembly));
        }
    }
}

[AllowAnonymous]
public sealed class BoomController : Controller
{
    public const string Secret = "connection string with password=hunter2";

    public IActionResult Index() => throw new InvalidOperationException(Secret);

    [HttpPost]
    public IActionResult Post() => throw new InvalidOperationException(Secret);
}
