using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.EmailTemplates;

/// <summary>Who a template's mail goes to, for a record: its contact (a deal's first contact) or its owner.</summary>
public enum MailRecipient
{
    Contact,
    Owner,
}

/// <summary>A template rendered for a record and a recipient, ready for <see cref="MailOutbox"/>; or why it cannot be sent.</summary>
public sealed record TemplateMail(string? To, RenderedMail? Mail, string? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// Renders mail templates: the subject and text with their merge fields filled, and an HTML part made from the same
/// text (values HTML-encoded, paragraphs and line breaks kept, the record link clickable). Used by workflows ("send an
/// email template") and by the preview.
/// </summary>
public sealed partial class MailTemplates(CrmDbContext db, MergeValues merge, Infrastructure.Localization.UserTime time, Settings.CurrentSettings settings)
{
    /// <summary>Encodes markup characters but keeps letters of every language as they are, so the mail's source stays readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>English resource keys of the problems <see cref="RenderForAsync"/> names (the run log shows them).</summary>
    public const string TemplateMissing = "The email template no longer exists.";
    public const string RecordMissing = "The record no longer exists.";
    public const string NoAddress = "The recipient has no email address.";

    /// <summary>
    /// The mail a workflow sends: template <paramref name="templateId"/> about record (<paramref name="kind"/>,
    /// <paramref name="recordId"/>), to its contact or owner, in the recipient's language (contact's preferred language,
    /// owner's language; English when unknown), its times in the recipient's zone (the owner's own, else the company's:
    /// a workflow runs without a reader whose zone would do).
    /// </summary>
    public async Task<TemplateMail> RenderForAsync(int templateId, string kind, int recordId, MailRecipient recipient, CancellationToken ct)
    {
        var template = await db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null)
        {
            return new TemplateMail(null, null, TemplateMissing);
        }

        // The language is the recipient's; the values are read again in it (dates and amounts differ).
        var record = await merge.ForAsync(kind, recordId, null, null, ct);
        if (record is null)
        {
            return new TemplateMail(null, null, RecordMissing);
        }

        var (to, language, userZone) = recipient == MailRecipient.Contact
            ? (record.ContactEmail, record.ContactLanguage, null)
            : (record.OwnerEmail, record.OwnerLanguage, record.OwnerTimeZone);
        if (string.IsNullOrWhiteSpace(to))
        {
            return new TemplateMail(null, null, NoAddress);
        }

        var zone = time.ZoneOf(userZone, (await settings.GetAsync(ct)).TimeZone);
        record = await merge.ForAsync(kind, recordId, language, zone, ct) ?? record;

        return new TemplateMail(to, Render(template, language, record.Values), null);
    }

    /// <summary>The template in <paramref name="language"/> with <paramref name="values"/> (see <see cref="MergeFields"/>).</summary>
    /// <param name="track">
    /// When given (campaign mail), the web addresses the template's own text holds become links, each through the address
    /// this returns (a tracked redirect); otherwise text stays text.
    /// </param>
    public static RenderedMail Render(MailTemplate template, string? language, IReadOnlyDictionary<string, string> values, Func<string, string>? track = null)
    {
        var (subject, body) = template.In(language);
        var text = MergeFields.Fill(body, values, (_, value) => value);
        return new RenderedMail(
            MergeFields.Fill(subject, values, (_, value) => value).ReplaceLineEndings(" ").Trim(),
            text,
            Html(body, values, track));
    }

    private static string Html(string body, IReadOnlyDictionary<string, string> values, Func<string, string>? track)
    {
        var html = new StringBuilder();
        foreach (var paragraph in body.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").AppendJoin("<br>\n", paragraph.Split('\n').Select(line => Line(line, values, track))).Append("</p>\n");
        }

        return html.ToString();
    }

    /// <summary>Template text, encoded; with <paramref name="track"/>, its web addresses as links through it.</summary>
    private static string Text(string text, Func<string, string>? track)
    {
        if (track is null)
        {
            return Encoder.Encode(text);
        }

        var encoded = new StringBuilder();
        var last = 0;
        foreach (var match in WebAddress().Matches(text).Cast<System.Text.RegularExpressions.Match>())
        {
            encoded.Append(Encoder.Encode(text[last..match.Index]))
                .Append("<a href=\"").Append(Encoder.Encode(track(match.Value))).Append("\">").Append(Encoder.Encode(match.Value)).Append("</a>");
            last = match.Index + match.Length;
        }

        return encoded.Append(Encoder.Encode(text[last..])).ToString();
    }

    /// <summary>An http(s) address up to the next space, without the punctuation that usually ends a sentence.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<>""]+[^\s<>"".,;:!?)\]]", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex WebAddress();

    /// <summary>One line: the template's own text encoded piece by piece around the fields, so nothing an admin or a record holds is markup.</summary>
    private static string Line(string line, IReadOnlyDictionary<string, string> values, Func<string, string>? track)
    {
        var encoded = new StringBuilder();
        var last = 0;
        foreach (var match in MergeFields.Placeholder().Matches(line).Cast<System.Text.RegularExpressions.Match>())
        {
            encoded.Append(Text(line[last..match.Index], track));
            var field = match.Groups[1].Value;
            if (values.TryGetValue(field, out var value))
            {
                // A value may hold line breaks of its own (task notes): they stay line breaks.
                var text = string.Join("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(Encoder.Encode));
                encoded.Append(field is "record.link" or "unsubscribe.link" && value.Length > 0
                    ? $"<a href=\"{Encoder.Encode(value)}\">{text}</a>"
                    : text);
            }

            last = match.Index + match.Length;
        }

        return encoded.Append(Text(line[last..], track)).ToString();
    }
}
