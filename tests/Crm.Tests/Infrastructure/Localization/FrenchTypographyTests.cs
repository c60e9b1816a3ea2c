using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Crm.Tests.Infrastructure.Localization;

/// <summary>
/// French typography in the French resources: a no-break space (U+00A0 or the narrow U+202F) before ":" ";" "?" "!" and
/// inside « », one apostrophe (’), and real plurals rather than "contact(s)" (the code picks the sentence by count).
/// </summary>
public sealed class FrenchTypographyTests
{
    private static readonly Regex FormatItems = new(@"\{\d+(:[^}]*)?\}");
    private static readonly Regex Urls = new(@"[a-z]+://\S+");

    public static TheoryData<string> Rules => new() { "space before punctuation", "apostrophe", "guillemets", "plural in brackets" };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_French_string_follows_the_rule(string rule)
    {
        var wrong = FrenchValues().Where(v => !Follows(rule, v.Value)).Select(v => $"{v.Name} → {v.Value}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} French strings break the rule \"{rule}\":\n" + string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("space before punctuation", "Format international : {0}", false)]
    [InlineData("space before punctuation", "Ligne {0}: trop longue", false)]
    [InlineData("space before punctuation", "Ligne {0}\u00a0: {1:N0} caractères, voir https://example.fr?x=1", true)]
    [InlineData("space before punctuation", "Supprimer\u202f?", true)]
    [InlineData("apostrophe", "l'import", false)]
    [InlineData("apostrophe", "l’import", true)]
    [InlineData("guillemets", "« {0} »", false)]
    [InlineData("guillemets", "«\u00a0{0}\u00a0»", true)]
    [InlineData("plural in brackets", "{0} fiche(s) modifiée(s)", false)]
    [InlineData("plural in brackets", "{0} fiches (modifiées)", true)]
    public void The_rules_tell_right_from_wrong(string rule, string value, bool follows) =>
        Assert.Equal(follows, Follows(rule, value));

    private static bool Follows(string rule, string value)
    {
        var text = Urls.Replace(FormatItems.Replace(value, "X"), "URL");
        return rule switch
        {
            "space before punctuation" => Regex.Matches(text, "[:;?!]").All(m => m.Index > 0 && text[m.Index - 1] is '\u00a0' or '\u202f'),
            "apostrophe" => !text.Contains('\'', StringComparison.Ordinal),
            "guillemets" => !Regex.IsMatch(text, "«[^\u00a0\u202f]|[^\u00a0\u202f]»"),
            "plural in brackets" => !Regex.IsMatch(text, @"\w\((e|s|es|x|ies)\)"),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }

    private static IEnumerable<(string Name, string Value)> FrenchValues() =>
        XDocument.Load(Path.Combine(ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? string.Empty));
}
