using System.Globalization;
using Crm.Web.Infrastructure.Localization;

namespace Crm.Tests.Infrastructure.Localization;

public sealed class CountedTests
{
    [Theory]
    [InlineData("fr-FR", "fr", 0, "0 contact")]
    [InlineData("fr-FR", "fr", 1, "1 contact")]
    [InlineData("fr-FR", "fr", 2, "2 contacts")]
    [InlineData("fr-FR", "fr", 1000, "1\u202f000 contacts")]
    [InlineData("en-GB", "en", 0, "0 contacts")]
    [InlineData("en-GB", "en", 1, "1 contact")]
    [InlineData("en-GB", "en", 1000, "1,000 contacts")]
    public void A_count_takes_the_language_s_plural_and_the_culture_s_digits(string format, string language, int count, string expected)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(format);
            CultureInfo.CurrentUICulture = new CultureInfo(language);
            Assert.Equal(expected, Counted.Format(count, "{0} contact", "{0} contacts"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
