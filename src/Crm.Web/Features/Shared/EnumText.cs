using System.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>Enum values as users read them: "DoNotContact" is "Do not contact", then translated like any English text.</summary>
public static class EnumText
{
    public static string Label(this IStringLocalizer localizer, Enum value) => localizer[Humanize(value.ToString())];

    public static string Humanize(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
