using Crm.Web.Infrastructure.Export;

namespace Crm.Tests.Infrastructure.Export;

public sealed class SpreadsheetSafeTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+33 6 12 34 56 78", "'+33 6 12 34 56 78")]
    [InlineData("-10", "'-10")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=cmd", "'\t=cmd")]
    [InlineData("\r=cmd", "'\r=cmd")]
    public void Formula_leading_text_gets_a_quote_in_front(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Text(value));

    [Theory]
    [InlineData("Éloïse")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    [InlineData("06 12 34 56 78")]
    [InlineData("")]
    public void Ordinary_text_is_left_as_it_is(string value) =>
        Assert.Equal(value, SpreadsheetSafe.Text(value));

    [Fact]
    public void Null_stays_null() => Assert.Null(SpreadsheetSafe.Text(null));

    [Theory]
    [InlineData("'+33 6 12 34 56 78", "+33 6 12 34 56 78")]
    [InlineData("'=1+2", "=1+2")]
    [InlineData("'@home", "@home")]
    [InlineData("'-10", "-10")]
    [InlineData("l'Oréal", "l'Oréal")]
    [InlineData("'quoted'", "'quoted'")]
    [InlineData("'", "'")]
    public void Unquote_drops_only_the_quote_that_protected_a_formula_leading_value(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Unquote(value));
}
