using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Crm.Benchmarks;

/// <summary>
/// The steps a person waits on after clicking (issue 8, item 12): signing in (the POST and the dashboard it opens)
/// and merging two duplicates (the POST and the record page it opens). Timed the first time after the app starts,
/// before any other request has warmed it, then over several runs; each run's process CPU time is reported beside
/// its wall time, so a loaded machine cannot hide a cost.
/// </summary>
public static partial class InteractiveSteps
{
    public sealed record Step(string Name, double[] Ms, double CpuMs);

    /// <summary>The first sign-in after start: the login page, the POST, and the dashboard it redirects to.</summary>
    public static async Task<IReadOnlyList<Step>> FirstAfterStartAsync(Uri baseAddress, string email, string password)
    {
        using var client = NewClient(baseAddress);
        var steps = new List<Step>();
        steps.Add(await TimedAsync("first GET /Account/Login after start", () => GetAsync(client, "/Account/Login")));
        steps.Add(await TimedAsync("first sign-in POST after start", () => PostSignInAsync(client, email, password)));
        steps.Add(await TimedAsync("first GET / (dashboard) after start", () => GetAsync(client, "/")));
        return steps;
    }

    /// <summary>Sign-in over and over, each time as a new browser: login page (not timed), then POST + dashboard.</summary>
    public static async Task<Step> SignInAsync(Uri baseAddress, string email, string password, int runs)
    {
        var times = new double[runs];
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < runs; i++)
        {
            using var client = NewClient(baseAddress);
            var token = await TokenAsync(client, "/Account/Login");
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await PostSignInAsync(client, email, password, token);
            await GetAsync(client, "/");
            times[i] = watch.Elapsed.TotalMilliseconds;
            cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
        }

        Array.Sort(times);
        return new Step("sign-in: POST + dashboard", times, cpu.TotalMilliseconds / runs);
    }

    /// <summary>
    /// Merges up to <paramref name="runs"/> pairs from the first pages of <paramref name="route"/>/Duplicates, each as a
    /// person would: the merge page (not timed) with its defaults, then the POST and the survivor's page it opens.
    /// </summary>
    public static async Task<Step?> MergeAsync(HttpClient client, string route, int runs)
    {
        var times = new List<double>();
        var cpu = TimeSpan.Zero;
        var used = new HashSet<int>();
        while (times.Count < runs)
        {
            var list = await GetAsync(client, route + "/Duplicates");
            var pairs = MergeLink().Matches(list)
                .Select(m => (A: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), B: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
                .Where(p => !used.Contains(p.A) && !used.Contains(p.B))
                .ToList();
            if (pairs.Count == 0)
            {
                break;
            }

            var (a, b) = pairs[0];
            used.Add(a);
            used.Add(b);
            var page = await GetAsync(client, $"{route}/Merge?a={a}&b={b}");
            var fields = MergeForm(page, route);
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using var content = new FormUrlEncodedContent(fields);
            using var response = await client.PostAsync(route + "/Merge", content);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } survivor)
            {
                throw new InvalidOperationException($"Merging {route} {a} and {b} answered {(int)response.StatusCode}.");
            }

            await GetAsync(client, survivor.OriginalString);
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
        }

        if (times.Count == 0)
        {
            return null;
        }

        var sorted = times.Order().ToArray();
        return new Step($"merge two {route[1..].ToLowerInvariant()}: POST + record page", sorted, cpu.TotalMilliseconds / sorted.Length);
    }

    private static HttpClient NewClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };

    private static async Task<Step> TimedAsync(string name, Func<Task> step)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await step();
        var ms = watch.Elapsed.TotalMilliseconds;
        return new Step(name, [ms], (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }

        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var token = Token().Match(await GetAsync(client, path));
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    /// <summary>Signs in through the login form as a browser does (its antiforgery token first, unless given).</summary>
    internal static async Task PostSignInAsync(HttpClient client, string email, string password, string? token = null)
    {
        token ??= await TokenAsync(client, "/Account/Login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync("/Account/Login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}.");
        }
    }

    /// <summary>What the merge form posts as a person leaves it: its hidden fields and the radio buttons checked by default.</summary>
    private static List<KeyValuePair<string, string>> MergeForm(string page, string route)
    {
        var start = page.IndexOf($"action=\"{route}/Merge\"", StringComparison.Ordinal);
        var end = start < 0 ? -1 : page.IndexOf("</form>", start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No merge form on {route}/Merge.");
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Input().Matches(page[start..end]))
        {
            var attributes = Attribute().Matches(input.Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value), StringComparer.Ordinal);
            var type = attributes.GetValueOrDefault("type", "text");
            if (attributes.TryGetValue("name", out var name) && (type == "hidden" || (type == "radio" && attributes.ContainsKey("checked"))))
            {
                fields.Add(new(name, attributes.GetValueOrDefault("value", string.Empty)));
            }
        }

        return fields;
    }

    public static string Table(IEnumerable<Step> steps)
    {
        var text = new StringBuilder();
        text.AppendLine("| Interactive step (POST and the page it opens) | Runs | Median ms | p90 ms | Max ms | CPU ms per run |");
        text.AppendLine("| --------------------------------------------- | ---: | --------: | -----: | -----: | -------------: |");
        foreach (var step in steps)
        {
            var ms = step.Ms;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {step.Name,-45} | {ms.Length,4} | {(ms[(ms.Length - 1) / 2] + ms[ms.Length / 2]) / 2,9:0.0} | {ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(0.9 * ms.Length) - 1)],6:0.0} | {ms[^1],6:0.0} | {step.CpuMs,14:0.0} |"));
        }

        return text.ToString().TrimEnd();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("/Merge\\?a=(\\d+)&(?:amp;)?b=(\\d+)")]
    private static partial Regex MergeLink();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("([\\w-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
