using System.Net.Mail;

namespace Crm.Web.Infrastructure.Text;

/// <summary>What counts as an email address, the same for forms and imports.</summary>
public static class EmailAddresses
{
    /// <summary>The longest address SMTP carries (RFC 5321), and the length of the columns that keep one.</summary>
    public const int MaxLength = 254;

    /// <summary>A single address as typed, nothing around it ("Name &lt;a@b.fr&gt;" is not one), with a dotted domain.</summary>
    public static bool IsValid(string value) =>
        value.Length <= MaxLength
        && (IsPlain(value)
            || (MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal)));

    /// <summary>
    /// The common shape, checked without <see cref="MailAddress"/> (whose parse looks up an encoding on every call, a
    /// measurable cost over an import of 100k rows): ASCII letters, digits and . _ - + before the @, dotted labels of
    /// letters, digits and inner hyphens after it, no dot at either end or twice in a row. Every address of this shape is
    /// one <see cref="MailAddress"/> takes unchanged (a test checks it); anything else goes through it.
    /// </summary>
    public static bool IsPlain(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1)
        {
            return false;
        }

        var local = value.AsSpan(0, at);
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+'))
            {
                return false;
            }
        }

        var labels = 0;
        foreach (var label in value.AsSpan(at + 1).Split('.'))
        {
            var part = value.AsSpan(at + 1)[label];
            if (part.Length == 0 || part[0] == '-' || part[^1] == '-')
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }

            labels++;
        }

        return labels >= 2;
    }
}
