using Crm.Web.Infrastructure.Web;

namespace Crm.Tests.Infrastructure.Web;

/// <summary>What every response must carry, whatever produced it (ARCHITECTURE: browser hardening).</summary>
public static class SecurityHeaderChecks
{
    /// <summary>The headers that are missing or wrong on <paramref name="response"/>, described for a failure message.</summary>
    public static IEnumerable<string> Problems(HttpResponseMessage response, string expectedPolicy = SecurityHeaders.ContentSecurityPolicy)
    {
        var request = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        foreach (var (name, expected) in new[]
        {
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Content-Security-Policy", expectedPolicy),
        })
        {
            var actual = Header(response, name);
            if (actual != expected)
            {
                yield return $"{request}: {name} is '{actual ?? "missing"}', expected '{expected}'";
            }
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    public static void AssertHardened(HttpResponseMessage response, string expectedPolicy = SecurityHeaders.ContentSecurityPolicy)
    {
        var problems = Problems(response, expectedPolicy).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
