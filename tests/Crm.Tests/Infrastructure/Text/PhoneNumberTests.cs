using System.Globalization;
using Crm.Web.Infrastructure.Text;
using PhoneNumberFormat = PhoneNumbers.PhoneNumberFormat;
using PhoneNumberUtil = PhoneNumbers.PhoneNumberUtil;
using NumberParseException = PhoneNumbers.NumberParseException;

namespace Crm.Tests.Infrastructure.Text;

/// <summary>
/// <see cref="PhoneNumber.ToE164"/> reads the usual French shapes without libphonenumber (the import's hot path): its
/// answer must be libphonenumber's for every shape, the ones it takes and the ones it leaves to libphonenumber.
/// </summary>
public sealed class PhoneNumberTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private static string? Reference(string typed)
    {
        try
        {
            var parsed = Util.Parse(typed, "FR");
            return Util.IsPossibleNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    [Fact]
    public void French_numbers_in_every_usual_shape_read_as_libphonenumber_reads_them()
    {
        var random = new Random(13);
        var checkedShapes = 0;
        for (var second = 0; second <= 9; second++)
        {
            for (var i = 0; i < 300; i++)
            {
                var digits = "0" + second.ToString(CultureInfo.InvariantCulture) + random.NextInt64(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
                var pairs = Enumerable.Range(0, 5).Select(k => digits.Substring(k * 2, 2)).ToArray();
                foreach (var typed in new[]
                         {
                             digits, string.Join(' ', pairs), string.Join('.', pairs), string.Join('-', pairs), string.Join("  ", pairs),
                             " " + string.Join(' ', pairs), string.Join(' ', pairs) + " ", string.Join(' ', pairs) + ".", "." + digits, "-" + digits,
                             digits[..9], digits + "1", "0" + digits, digits[..4] + " " + digits[4..], string.Join(" - ", pairs),
                         })
                {
                    Assert.True(Reference(typed) == PhoneNumber.ToE164(typed), $"\"{typed}\": libphonenumber {Reference(typed) ?? "null"}, ToE164 {PhoneNumber.ToE164(typed) ?? "null"}");
                    checkedShapes++;
                }
            }
        }

        Assert.Equal(10 * 300 * 15, checkedShapes);
        Assert.Equal("+33123456789", PhoneNumber.ToE164("01 23 45 67 89"));
        Assert.Equal("+33612345678", PhoneNumber.ToE164("06.12.34.56.78"));
    }

    [Theory]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("0033 6 12 34 56 78")]
    [InlineData("(0)1 23 45 67 89")]
    [InlineData("01 23 45 67 89 poste 12")]
    [InlineData("+44 20 7946 0000")]
    [InlineData("06 12 34 56 7")]
    [InlineData("not a phone")]
    public void Other_shapes_are_left_to_libphonenumber(string typed) =>
        Assert.Equal(Reference(typed), PhoneNumber.ToE164(typed));

    [Fact]
    public void Another_default_region_is_never_read_as_French() =>
        Assert.Equal(ReferenceIn("01234 567890", "GB"), PhoneNumber.ToE164("01234 567890", "GB"));

    private static string? ReferenceIn(string typed, string region)
    {
        var parsed = Util.Parse(typed, region);
        return Util.IsPossibleNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
    }
}
