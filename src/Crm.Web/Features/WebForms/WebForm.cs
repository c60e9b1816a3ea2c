using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.WebForms;

/// <summary>
/// A web-to-lead form an admin designs (/Admin/Forms) and the public fills in at /Forms/{slug}: which contact fields it
/// asks for and which are required, the consent checkbox's words, the thank-you message, and the tag and owner given
/// to the contacts it brings in.
/// </summary>
public sealed class WebForm
{
    public const int MaxNameLength = 100;
    public const int MaxSlugLength = 60;
    public const int MaxTextLength = 2000;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string Slug { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string? Intro { get; set; }

    /// <summary>The fields asked for, in order (<see cref="WebFormFields"/> keys, comma-separated).</summary>
    public string Fields { get; set; } = string.Empty;

    /// <summary>The fields among <see cref="Fields"/> that must be filled in.</summary>
    public string Required { get; set; } = string.Empty;

    /// <summary>The consent checkbox's words; null, the form asks for no consent.</summary>
    public string? ConsentText { get; set; }

    public string ThankYou { get; set; } = string.Empty;

    /// <summary>The tag given to every contact the form brings in; null for none.</summary>
    public string? TagName { get; set; }

    /// <summary>Who owns the contacts it creates; null, nobody (the contacts are unowned, so every sales rep sees them).</summary>
    public string? OwnerId { get; set; }

    /// <summary>The campaign the contacts it brings in join, as having responded; null for none.</summary>
    public int? CampaignId { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> FieldKeys => Split(Fields);

    public IReadOnlyList<string> RequiredKeys => Split(Required);

    /// <summary>The consent source written on the contacts it brings in ("Web form: Newsletter").</summary>
    public string ConsentSource => "Web form: " + Name;

    private static List<string> Split(string keys) =>
        keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(WebFormFields.All.ContainsKey).Distinct().ToList();
}

/// <summary>The contact fields a web form may ask for, with their English labels and lengths.</summary>
public static class WebFormFields
{
    public const string FirstName = "FirstName";
    public const string LastName = "LastName";
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string JobTitle = "JobTitle";
    public const string Company = "Company";
    public const string City = "City";
    public const string Message = "Message";

    public sealed record Field(string Key, string Label, int MaxLength);

    public static readonly IReadOnlyDictionary<string, Field> All = new[]
    {
        new Field(FirstName, "First name", 100),
        new Field(LastName, "Last name", 100),
        new Field(Email, "Email", Infrastructure.Text.EmailAddresses.MaxLength),
        new Field(Phone, "Phone", 50),
        new Field(JobTitle, "Job title", 150),
        new Field(Company, "Company", 200),
        new Field(City, "City", 100),
        new Field(Message, "Message", 4000),
    }.ToDictionary(f => f.Key, StringComparer.Ordinal);
}

public sealed class WebFormConfiguration : IEntityTypeConfiguration<WebForm>
{
    public void Configure(EntityTypeBuilder<WebForm> builder)
    {
        builder.ToTable("WebForms");
        builder.Property(f => f.Name).HasMaxLength(WebForm.MaxNameLength);
        builder.Property(f => f.Slug).HasMaxLength(WebForm.MaxSlugLength);
        builder.Property(f => f.Title).HasMaxLength(200);
        builder.Property(f => f.Intro).HasMaxLength(WebForm.MaxTextLength);
        builder.Property(f => f.Fields).HasMaxLength(200);
        builder.Property(f => f.Required).HasMaxLength(200);
        builder.Property(f => f.ConsentText).HasMaxLength(500);
        builder.Property(f => f.ThankYou).HasMaxLength(WebForm.MaxTextLength);
        builder.Property(f => f.TagName).HasMaxLength(Tags.Tag.MaxNameLength);
        builder.Property(f => f.OwnerId).HasMaxLength(450);
        builder.HasIndex(f => f.Slug).IsUnique();
        builder.HasOne<Campaigns.Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.SetNull);
    }
}
