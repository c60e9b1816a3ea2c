using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.EmailTemplates;

/// <summary>
/// An email an admin writes once with merge fields ("Hello {{contact.first_name}}"), in French and English side by
/// side: whoever sends it (a workflow) names one template and the recipient's language picks the text; a language left
/// blank falls back to the other (docs/decisions/0009-mail-templates.md). <see cref="Kind"/> is the record kind it is
/// about, which decides the merge fields it may use (<see cref="MergeFields"/>).
/// </summary>
public sealed class MailTemplate
{
    public const int MaxNameLength = 100;
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;

    /// <summary>A record kind key ("contacts", "deals", "tasks", "companies").</summary>
    public string Kind { get; set; } = string.Empty;

    public string? SubjectEn { get; set; }
    public string? BodyEn { get; set; }
    public string? SubjectFr { get; set; }
    public string? BodyFr { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The subject and body in <paramref name="language"/> ("fr", "en"), else in the other one.</summary>
    public (string Subject, string Body) In(string? language)
    {
        var french = string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase);
        var (subject, body) = french ? (SubjectFr, BodyFr) : (SubjectEn, BodyEn);
        if (string.IsNullOrWhiteSpace(subject) && string.IsNullOrWhiteSpace(body))
        {
            (subject, body) = french ? (SubjectEn, BodyEn) : (SubjectFr, BodyFr);
        }

        return (subject ?? string.Empty, body ?? string.Empty);
    }
}

public sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>
{
    public void Configure(EntityTypeBuilder<MailTemplate> builder)
    {
        builder.ToTable("MailTemplates");
        builder.Property(t => t.Name).HasMaxLength(MailTemplate.MaxNameLength).IsRequired();
        builder.Property(t => t.Kind).HasMaxLength(32).IsRequired();
        builder.Property(t => t.SubjectEn).HasMaxLength(MailTemplate.MaxSubjectLength);
        builder.Property(t => t.SubjectFr).HasMaxLength(MailTemplate.MaxSubjectLength);
        builder.Property(t => t.BodyEn).HasMaxLength(MailTemplate.MaxBodyLength);
        builder.Property(t => t.BodyFr).HasMaxLength(MailTemplate.MaxBodyLength);
        builder.HasIndex(t => t.Name).IsUnique();

        // Two examples an admin can read, copy or delete; written once by the migration, never again.
        var at = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        builder.HasData(
            new MailTemplate
            {
                Id = 1,
                Name = "Follow-up after a first contact",
                Kind = "contacts",
                SubjectEn = "Following up, {{contact.first_name}}",
                BodyEn = "Hello {{contact.first_name}},\n\nThank you for your time. As promised, I am following up on our conversation: do you have any questions I can answer?\n\nBest regards,\n{{owner.name}}\n{{owner.email}}",
                SubjectFr = "Suite à notre échange, {{contact.first_name}}",
                BodyFr = "Bonjour {{contact.first_name}},\n\nMerci pour votre temps. Comme convenu, je reviens vers vous après notre échange\u202F: avez-vous des questions auxquelles je peux répondre\u202F?\n\nBien cordialement,\n{{owner.name}}\n{{owner.email}}",
                UpdatedAt = at,
            },
            new MailTemplate
            {
                Id = 2,
                Name = "Quote follow-up",
                Kind = "deals",
                SubjectEn = "Your quote: {{deal.name}}",
                BodyEn = "Hello {{contact.first_name}},\n\nA few days ago I sent you our quote for {{deal.name}} ({{deal.amount}}). Have you had a chance to look at it? I am happy to go through it with you.\n\nBest regards,\n{{owner.name}}",
                SubjectFr = "Votre devis\u202F: {{deal.name}}",
                BodyFr = "Bonjour {{contact.first_name}},\n\nJe vous ai envoyé il y a quelques jours notre devis pour {{deal.name}} ({{deal.amount}}). Avez-vous pu le consulter\u202F? Je peux le parcourir avec vous si vous le souhaitez.\n\nBien cordialement,\n{{owner.name}}",
                UpdatedAt = at,
            },
            new MailTemplate
            {
                Id = 3,
                Name = "Newsletter",
                Kind = "campaigns",
                SubjectEn = "{{campaign.name}}",
                BodyEn = "Hello {{contact.first_name}},\n\nHere is what is new this month. Read more on https://example.com/news\n\nBest regards,\nThe team\n\nTo stop receiving these emails: {{unsubscribe.link}}",
                SubjectFr = "{{campaign.name}}",
                BodyFr = "Bonjour {{contact.first_name}},\n\nVoici les nouveautés du mois. Pour en savoir plus\u202F: https://example.com/news\n\nBien cordialement,\nL’équipe\n\nPour ne plus recevoir ces messages\u202F: {{unsubscribe.link}}",
                UpdatedAt = at,
            });
    }
}
