using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Tasks;

public sealed class CrmTaskConfiguration : IEntityTypeConfiguration<CrmTask>
{
    public void Configure(EntityTypeBuilder<CrmTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Recurrence).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.CreatedById).HasMaxLength(450);
        builder.Property(t => t.CompletedById).HasMaxLength(450);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Team).WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasQueryFilter(t => t.DeletedAt == null);
        builder.HasMany(t => t.Tags).WithOne().HasForeignKey(t => t.TaskId).OnDelete(DeleteBehavior.Cascade);

        // "My day": an assignee's open tasks by due time, and what they completed lately.
        builder.HasIndex(t => new { t.OwnerId, t.CompletedAt, t.DueAt, t.Id }).HasFilter(LiveRows.Filter);

        // A record's tasks, and the sweeper of overdue tasks.
        builder.HasIndex(t => new { t.RecordKind, t.RecordId, t.DueAt });
        builder.HasIndex(t => new { t.CompletedAt, t.DueAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.CreatedAt, t.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => t.TeamId);
        builder.HasDeclaredColumns();
    }
}

public sealed class TaskTagConfiguration : IEntityTypeConfiguration<TaskTag>
{
    public void Configure(EntityTypeBuilder<TaskTag> builder)
    {
        builder.ToTable("TaskTags");
        builder.HasKey(t => new { t.TaskId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.TaskId });
    }
}
