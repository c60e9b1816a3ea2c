using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// One change of a contact's marketing consent: the new state, when, where it came from ("Web form: Newsletter",
/// "Erased") and who made it (null: the public or the system). Written by <see cref="Contact.SetConsent"/> alone, so
/// that every path (form, import, bulk, erasure, a web form, an unsubscribe) leaves one; the save interceptor names who.
/// </summary>
public sealed class ConsentChange : IWrittenBy
{
    public const int MaxSourceLength = 200;

    public int Id { get; set; }
    public int ContactId { get; set; }
    public ConsentState State { get; set; }
    public DateTime At { get; set; }
    public string? Source { get; set; }
    public string? ByUserId { get; set; }
}

public sealed class ConsentChangeConfiguration : IEntityTypeConfiguration<ConsentChange>
{
    public void Configure(EntityTypeBuilder<ConsentChange> builder)
    {
        builder.ToTable("ConsentChanges");
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Source).HasMaxLength(ConsentChange.MaxSourceLength);
        builder.Property(c => c.ByUserId).HasMaxLength(450);
        builder.HasOne<Contact>().WithMany(c => c.ConsentHistory).HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ContactId, c.At });
    }
}
