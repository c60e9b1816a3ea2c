using Crm.Web.Features.Demo;

namespace Crm.Tests.Features.Demo;

public sealed class DemoSeedOptionsTests
{
    [Fact]
    public void Counts_and_password_are_read_from_the_command_line()
    {
        var options = DemoSeedOptions.Parse(["--contacts", "200", "--deals", "5", "--password", "Demo-Pass-2026", "--seed", "7"]);
        Assert.Equal(200, options.Contacts);
        Assert.Equal(5, options.Deals);
        Assert.Null(options.Companies);
        Assert.Equal("Demo-Pass-2026", options.Password);
        Assert.Equal(7, options.RandomSeed);
        Assert.Equal(5, options.Count("deals"));
    }

    [Theory]
    [InlineData("--contacts", "abc")]
    [InlineData("--deals", "-3")]
    [InlineData("--tickets", "1.5")]
    public void A_count_that_is_not_a_whole_number_is_rejected(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => DemoSeedOptions.Parse([option, value]));
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DemoSeedOptions.Parse(["--unicorns", "3"]));
        Assert.Contains("--unicorns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DemoSeedOptions.Parse(["--password"]));
    }
}
