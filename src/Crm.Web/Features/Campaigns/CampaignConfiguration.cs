using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Campaigns;

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<EmailTemplates.MailTemplate>().WithMany().HasForeignKey(c => c.MailTemplateId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder.HasIndex(c => new { c.Name, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.StartDate, c.Id }).HasFilter(LiveRows.Filter);

        // The send sweeper: campaigns whose send is due and not finished.
        builder.HasIndex(c => new { c.SendFinishedAt, c.SendAt });
        builder.HasIndex(c => c.OwnerId);
        builder.HasIndex(c => c.TeamId);
        builder.HasIndex(c => c.MailTemplateId);
        builder.HasDeclaredColumns();
    }
}

public sealed class CampaignTagConfiguration : IEntityTypeConfiguration<CampaignTag>
{
    public void Configure(EntityTypeBuilder<CampaignTag> builder)
    {
        builder.HasKey(t => new { t.CampaignId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.CampaignId });
    }
}

public sealed class CampaignMemberConfiguration : IEntityTypeConfiguration<CampaignMember>
{
    public void Configure(EntityTypeBuilder<CampaignMember> builder)
    {
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(12);
        builder.HasOne(m => m.Campaign).WithMany().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Contact).WithMany().HasForeignKey(m => m.ContactId).OnDelete(DeleteBehavior.Cascade);

        // A contact is a member once; the sender and the members page walk a campaign's members by status in id order.
        builder.HasIndex(m => new { m.CampaignId, m.ContactId }).IsUnique();
        builder.HasIndex(m => new { m.CampaignId, m.Status, m.Id });

        // Suppression: is this contact unsubscribed or bounced in any campaign; influenced deals: a contact's memberships.
        builder.HasIndex(m => new { m.ContactId, m.Status });
    }
}
