using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Deals;

public sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.Property(d => d.NameKey).HasMaxLength(200).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Currency).HasMaxLength(3).IsRequired();
        builder.Property(d => d.Version).IsConcurrencyToken();

        builder.HasOne(d => d.Company).WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.Owner).WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.Team).WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.Pipeline).WithMany().HasForeignKey(d => d.PipelineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Stage).WithMany().HasForeignKey(d => d.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Lines).WithOne().HasForeignKey(l => l.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Contacts).WithOne().HasForeignKey(c => c.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.StageChanges).WithOne().HasForeignKey(c => c.DealId).OnDelete(DeleteBehavior.Cascade);

        builder.HasQueryFilter(d => d.DeletedAt == null);
        builder.HasIndex(d => new { d.NameKey, d.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => new { d.CreatedAt, d.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => new { d.LastActivityAt, d.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => new { d.ExpectedCloseDate, d.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => new { d.AmountDefaultCents, d.Id }).HasFilter(LiveRows.Filter);

        // The board: a pipeline's open deals, stage by stage, oldest in the stage first.
        builder.HasIndex(d => new { d.PipelineId, d.Status, d.StageId, d.StageEnteredAt, d.Id }).HasFilter(LiveRows.Filter);

        // The list narrowed to a status (open deals, the usual view) in its default order, without sorting them all.
        builder.HasIndex(d => new { d.Status, d.NameKey, d.Id }).HasFilter(LiveRows.Filter);

        // The forecast: deals by status and the month they close (or closed), with what its sums group and add, so
        // that they read the index alone (DeletedAt too: SQLite reads the row for a column of the filter otherwise).
        builder.HasIndex(d => new { d.Status, d.ExpectedCloseDate, d.OwnerId, d.StageId, d.AmountDefaultCents, d.DeletedAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => new { d.Status, d.ClosedAt, d.OwnerId, d.AmountDefaultCents, d.DeletedAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(d => d.OwnerId);
        builder.HasIndex(d => d.TeamId);
        builder.HasIndex(d => d.CompanyId);
        builder.HasIndex(d => d.StageId);
        builder.HasDeclaredColumns();
    }
}

public sealed class DealTagConfiguration : IEntityTypeConfiguration<DealTag>
{
    public void Configure(EntityTypeBuilder<DealTag> builder)
    {
        builder.HasKey(t => new { t.DealId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.DealId });
    }
}

public sealed class DealContactConfiguration : IEntityTypeConfiguration<DealContact>
{
    public void Configure(EntityTypeBuilder<DealContact> builder)
    {
        builder.HasKey(c => new { c.DealId, c.ContactId });
        builder.Property(c => c.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);

        // A contact in the recycle bin is not shown on its deals (the link comes back with it).
        builder.HasQueryFilter(c => c.Contact!.DeletedAt == null);
        builder.HasIndex(c => new { c.ContactId, c.DealId });
    }
}

public sealed class DealLineConfiguration : IEntityTypeConfiguration<DealLine>
{
    public void Configure(EntityTypeBuilder<DealLine> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(DealLine.MaxNameLength).IsRequired();
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.DiscountPercent).HasPrecision(5, 2);
        builder.Property(l => l.VatRate).HasPrecision(5, 2);
        builder.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => new { l.DealId, l.Position });
        builder.HasIndex(l => l.ProductId);
    }
}

public sealed class DealStageChangeConfiguration : IEntityTypeConfiguration<DealStageChange>
{
    public void Configure(EntityTypeBuilder<DealStageChange> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.FromStatus).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.ByUserId).HasMaxLength(450);
        builder.HasOne(c => c.ToStage).WithMany().HasForeignKey(c => c.ToStageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.DealId, c.At, c.Id });
        builder.HasIndex(c => new { c.ToStageId, c.DealId });
    }
}

public sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Pipeline.MaxNameLength).IsRequired();
        builder.HasMany(p => p.Stages).WithOne(s => s.Pipeline).HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(PipelineStage.MaxNameLength).IsRequired();
        builder.HasIndex(s => new { s.PipelineId, s.Position });
    }
}

public sealed class CurrencyRateConfiguration : IEntityTypeConfiguration<CurrencyRate>
{
    public void Configure(EntityTypeBuilder<CurrencyRate> builder)
    {
        builder.HasKey(r => r.Currency);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Rate).HasPrecision(18, 8);
    }
}
