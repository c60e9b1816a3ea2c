using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Infrastructure.Web;

public sealed class PublicLinksTests
{
    private static PublicLinks Links(string? publicUrl, string environment = "Production", string? urls = null) =>
        new(
            Options.Create(new CrmOptions { PublicUrl = publicUrl }),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build(),
            new HostingEnvironment { EnvironmentName = environment });

    [Theory]
    [InlineData("https://crm.example.com", "https://crm.example.com/Account/Login")]
    [InlineData("https://crm.example.com/", "https://crm.example.com/Account/Login")]
    [InlineData("https://intranet.example.com/crm/", "https://intranet.example.com/crm/Account/Login")]
    [InlineData("http://localhost:8080", "http://localhost:8080/Account/Login")]
    public void A_path_is_appended_to_the_configured_public_url(string publicUrl, string expected)
    {
        Assert.Equal(expected, Links(publicUrl).For("/Account/Login").AbsoluteUri);
        Assert.Equal(expected, Links(publicUrl).For("~/Account/Login").AbsoluteUri);
    }

    [Fact]
    public void The_query_string_of_a_path_is_kept()
    {
        var link = Links("https://crm.example.com").For("/Account/ResetPassword?email=a%40b.c&code=xyz");
        Assert.Equal("https://crm.example.com/Account/ResetPassword?email=a%40b.c&code=xyz", link.AbsoluteUri);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/x")]
    [InlineData("Account/Login")]
    public void Anything_but_an_app_relative_path_is_refused(string path) =>
        Assert.Throws<ArgumentException>(() => Links("https://crm.example.com").For(path));

    [Theory]
    [InlineData("crm.example.com")]
    [InlineData("ftp://crm.example.com")]
    [InlineData("https://crm.example.com/?x=1")]
    public void An_invalid_public_url_is_refused_in_every_environment(string publicUrl)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Links(publicUrl, "Development"));
        Assert.Contains("Crm:PublicUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://crm.example.com", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_no_public_url_means_no_links(string environment)
    {
        var links = Links(null, environment, urls: "http://localhost:5000");
        Assert.False(links.IsConfigured);
        Assert.Throws<InvalidOperationException>(() => links.For("/Account/Login"));
    }

    [Theory]
    [InlineData(null, "http://localhost:5080/")]
    [InlineData("http://localhost:5123;https://localhost:5124", "http://localhost:5123/")]
    [InlineData("http://+:80", "http://localhost/")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    public void In_development_the_server_url_stands_in_for_it(string? urls, string expected)
    {
        Assert.Equal(expected, Links(null, "Development", urls).For("/").AbsoluteUri);
        Assert.Equal(expected, Links(null, "Testing", urls).For("/").AbsoluteUri);
    }
}
