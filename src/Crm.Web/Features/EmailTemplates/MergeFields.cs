using System.Text.RegularExpressions;

namespace Crm.Web.Features.EmailTemplates;

/// <summary>
/// The merge fields a template may use, per record kind, declared here and nowhere else: the editor lists them, saving
/// refuses any other, and <see cref="MergeValues"/> fills exactly these.
/// </summary>
public static partial class MergeFields
{
    private static readonly string[] Owner = ["owner.first_name", "owner.name", "owner.email"];
    private static readonly string[] Contact = ["contact.first_name", "contact.last_name", "contact.name", "contact.email", "contact.job_title"];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByKind = new Dictionary<string, IReadOnlyList<string>>
    {
        ["contacts"] = [.. Contact, "company.name", .. Owner, "record.link"],
        ["companies"] = ["company.name", "company.website", "company.phone", .. Owner, "record.link"],
        ["deals"] = ["deal.name", "deal.amount", "deal.stage", "deal.close_date", "company.name", .. Contact, .. Owner, "record.link"],
        ["tasks"] = ["task.title", "task.due", "task.notes", .. Owner, "record.link"],

        // Campaign mail goes to each member: the contact's fields, the campaign's name and the member's own unsubscribe link.
        ["campaigns"] = [.. Contact, "company.name", "campaign.name", "unsubscribe.link"],
    };

    public static IReadOnlyList<string> Kinds { get; } = [.. ByKind.Keys];

    public static IReadOnlyList<string> For(string kind) => ByKind.TryGetValue(kind, out var fields) ? fields : [];

    /// <summary>"{{contact.first_name}}" or "{{ contact.first_name }}": any name without spaces or braces; only declared ones are accepted on save.</summary>
    [GeneratedRegex(@"\{\{\s*([^{}\s]+)\s*\}\}", RegexOptions.CultureInvariant)]
    public static partial Regex Placeholder();

    /// <summary>The fields <paramref name="text"/> uses that <paramref name="kind"/> does not have, in order, once each.</summary>
    public static IReadOnlyList<string> Unknown(string kind, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var known = For(kind);
        return [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(f => !known.Contains(f)).Distinct()];
    }

    /// <summary>Replaces every field by its value, written by <paramref name="write"/> (field, value): HTML-encoded in the HTML part.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values, Func<string, string, string> write) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? write(m.Groups[1].Value, value) : string.Empty);
}
