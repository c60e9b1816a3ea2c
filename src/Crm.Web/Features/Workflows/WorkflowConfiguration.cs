using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Workflows;

/// <summary>Small lists stored as one JSON text column each (decision 0008), compared by content.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
                new ValueComparer<List<T>>((a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!))
            .IsRequired();
}

public sealed class WorkflowRuleConfiguration : IEntityTypeConfiguration<WorkflowRule>
{
    public void Configure(EntityTypeBuilder<WorkflowRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(WorkflowRule.MaxNameLength).IsRequired();
        builder.Property(r => r.RecordKind).HasMaxLength(WorkflowRule.MaxKindLength).IsRequired();
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Match).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.TriggerField).HasMaxLength(WorkflowRule.MaxFieldLength);
        builder.Property(r => r.TriggerValue).HasMaxLength(WorkflowRule.MaxValueLength);
        builder.Property(r => r.Example).HasMaxLength(WorkflowRule.MaxExampleLength);
        builder.Property(r => r.Conditions).AsJson();
        builder.Property(r => r.Actions).AsJson();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.Example).IsUnique().HasFilter("[Example] IS NOT NULL");
        builder.HasIndex(r => new { r.Enabled, r.RecordKind });
    }
}

public sealed class WorkflowRunConfiguration : IEntityTypeConfiguration<WorkflowRun>
{
    public void Configure(EntityTypeBuilder<WorkflowRun> builder)
    {
        builder.Property(r => r.RecordKind).HasMaxLength(WorkflowRule.MaxKindLength).IsRequired();
        builder.Property(r => r.Occurrence).HasMaxLength(WorkflowRun.MaxOccurrenceLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Reason).HasMaxLength(WorkflowRun.MaxReasonLength);
        builder.Property(r => r.Conditions).AsJson();
        builder.Property(r => r.Actions).AsJson();
        builder.HasOne(r => r.Rule).WithMany().HasForeignKey(r => r.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);

        // A trigger handled twice (the reader run twice, two instances) makes one run.
        builder.HasIndex(r => new { r.RuleId, r.Occurrence }).IsUnique();

        // The run log, newest first; the sweeper's "already fired for this occurrence"; the failed count.
        builder.HasIndex(r => new { r.RuleId, r.Id });
        builder.HasIndex(r => new { r.RuleId, r.RecordId, r.OccurredAt });
        builder.HasIndex(r => new { r.Status, r.RuleId });
    }
}

public sealed class WorkflowRunStepConfiguration : IEntityTypeConfiguration<WorkflowRunStep>
{
    public void Configure(EntityTypeBuilder<WorkflowRunStep> builder)
    {
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.Outcome).HasMaxLength(WorkflowRunStep.MaxOutcomeLength);
        builder.Property(s => s.Error).HasMaxLength(WorkflowRunStep.MaxErrorLength);
        builder.HasIndex(s => new { s.RunId, s.Index }).IsUnique();

        // The step runner: what is due.
        builder.HasIndex(s => new { s.Status, s.NextAttemptAt });
    }
}

public sealed class WorkflowCursorConfiguration : IEntityTypeConfiguration<WorkflowCursor>
{
    public void Configure(EntityTypeBuilder<WorkflowCursor> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(50);
    }
}
