using Crm.Web.Infrastructure.Text;

namespace Crm.Tests.Features.Duplicates;

public sealed class NameSimilarityTests
{
    [Theory]
    [InlineData("jean-pierre", "jean pierre")]
    [InlineData("eloise", "eloise")]
    [InlineData("j", "jean")]
    [InlineData("stephane", "stefane")]
    [InlineData("catherine", "katherine")]
    [InlineData("", "jean")]
    public void Names_that_likely_name_the_same_person_are_similar(string a, string b) =>
        Assert.True(NameSimilarity.Similar(a, b));

    [Theory]
    [InlineData("jean", "sophie")]
    [InlineData("marc", "luc")]
    [InlineData("j", "pierre")]
    [InlineData("christophe", "christine")]
    public void Different_names_are_not_similar(string a, string b) =>
        Assert.False(NameSimilarity.Similar(a, b));

    [Fact]
    public void Levenshtein_gives_up_past_the_limit() =>
        Assert.Equal(3, NameSimilarity.Levenshtein("abcdef", "uvwxyz", 2));

    [Fact]
    public void Accents_are_gone_once_names_are_search_keys() =>
        Assert.True(NameSimilarity.Similar(SearchKey.Normalize("Éloïse"), SearchKey.Normalize("Eloise")));
}
