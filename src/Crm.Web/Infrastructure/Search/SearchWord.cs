using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Infrastructure.Search;

/// <summary>
/// One word of a record's searchable names ("Plomberie Dumont" gives "plomberie" and "dumont"), so a search can match
/// any word of a name with an indexed prefix LIKE instead of a leading wildcard. Shared by every kind of record.
/// </summary>
public sealed class SearchWord
{
    public const int KindLength = 16;
    public const int WordLength = 64;

    public string Kind { get; set; } = string.Empty;
    public int RecordId { get; set; }
    public string Word { get; set; } = string.Empty;
}

public sealed class SearchWordConfiguration : IEntityTypeConfiguration<SearchWord>
{
    public void Configure(EntityTypeBuilder<SearchWord> builder)
    {
        builder.ToTable("SearchWords");

        // Keyed by record first: refreshing one record's words deletes a key range.
        builder.HasKey(w => new { w.Kind, w.RecordId, w.Word });
        builder.Property(w => w.Kind).HasMaxLength(SearchWord.KindLength).IsUnicode(false);
        builder.Property(w => w.Word).HasMaxLength(SearchWord.WordLength);

        // The search: kind equality, then a prefix range on the word, the record id read from the index alone.
        builder.HasIndex(w => new { w.Kind, w.Word, w.RecordId });
    }
}
