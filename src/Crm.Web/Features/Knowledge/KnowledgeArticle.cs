using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Knowledge;

/// <summary>
/// A short answer support writes once and inserts into ticket replies: a title and a Markdown body (shown sanitised),
/// an optional category and tags to find it by. Only published articles are offered for insertion.
/// </summary>
public sealed class KnowledgeArticle
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;
    public const int MaxCategoryLength = 100;
    public const int MaxTagsLength = 300;

    public int Id { get; set; }
    public string Title { get; set; } = string.Empty;

    /// <summary>Markdown, rendered through SafeMarkdown.</summary>
    public string Body { get; set; } = string.Empty;

    public string? Category { get; set; }

    /// <summary>Comma-separated words to search by ("invoice, refund").</summary>
    public string? Tags { get; set; }

    public bool Published { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public AppUser? UpdatedBy { get; set; }
}

public sealed class KnowledgeArticleConfiguration : IEntityTypeConfiguration<KnowledgeArticle>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticle> builder)
    {
        builder.ToTable("KnowledgeArticles");
        builder.Property(a => a.Title).HasMaxLength(KnowledgeArticle.MaxTitleLength).IsRequired();
        builder.Property(a => a.Body).HasMaxLength(KnowledgeArticle.MaxBodyLength).IsRequired();
        builder.Property(a => a.Category).HasMaxLength(KnowledgeArticle.MaxCategoryLength);
        builder.Property(a => a.Tags).HasMaxLength(KnowledgeArticle.MaxTagsLength);
        builder.HasOne(a => a.UpdatedBy).WithMany().HasForeignKey(a => a.UpdatedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.Published, a.Title });
        builder.HasIndex(a => a.UpdatedAt);
    }
}
