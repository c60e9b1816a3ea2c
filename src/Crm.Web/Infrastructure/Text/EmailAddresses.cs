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
        && MailAddress.TryCreate(value, out var address) && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
