using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Crm.Tests.Infrastructure.Localization;

/// <summary>The same check as scripts/l10n.py missing: every English string the code shows has a French entry.</summary>
public sealed class ResourceCompletenessTests
{
    private const string Literal = @"((?:[^""\\]|\\.)*)";

    private static readonly Regex[] Patterns =
    [
        new(@"\bL\[""" + Literal + @""""),
        new(@"\bl\[""" + Literal + @""""),
        new(@"ErrorMessage\s*=\s*""" + Literal + @""""),
        new(@"Display\(Name\s*=\s*""" + Literal + @""""),
        new(@"\[Localized\(""" + Literal + @"""\)\]"),
    ];

    [Fact]
    public void Every_string_used_in_code_has_a_French_translation()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Crm.Web");
        var french = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

        var used = UsedStrings(web);
        var missing = used.Where(s => !french.TryGetValue(s, out var value) || string.IsNullOrWhiteSpace(value)).Order().ToList();

        Assert.True(used.Count > 50, $"Only {used.Count} strings found: the scan is not looking where the code is.");
        Assert.True(missing.Count == 0, "No French for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_two_French_entries_differ_only_by_case()
    {
        // The resource compiler keeps one of two names that differ only by case and drops the other
        // (MSB3568, a warning): the dropped string would show in English on French pages.
        var names = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "Names differing only by case:\n" + string.Join("\n", clashes));
    }

    private static HashSet<string> UsedStrings(string web)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" || part.Contains("Migrations", StringComparison.Ordinal)));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in Patterns)
            {
                foreach (Match match in pattern.Matches(text))
                {
                    var value = match.Groups[1].Value;
                    found.Add(value.Contains('\\', StringComparison.Ordinal) ? Regex.Unescape(value) : value);
                }
            }
        }

        return found;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
