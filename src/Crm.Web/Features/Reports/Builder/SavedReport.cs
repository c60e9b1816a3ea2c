using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>
/// A report built at /Reports/Builder: its definition (<see cref="ReportDefinition"/>, stored as JSON), owned by its
/// author, optionally shared with a team whose members run it (docs/decisions/0026-report-builder.md).
/// </summary>
public sealed class SavedReport
{
    public const int MaxNameLength = 200;
    public const int MaxDefinitionLength = 8000;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string OwnerId { get; set; } = string.Empty;

    /// <summary>The team whose members may run it; null, only its owner (and admins).</summary>
    public int? SharedTeamId { get; set; }

    /// <summary>The kind of record it reads (its key), kept beside the definition so lists need not parse it.</summary>
    public string Kind { get; set; } = string.Empty;

    public string Definition { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class SavedReportConfiguration : IEntityTypeConfiguration<SavedReport>
{
    public void Configure(EntityTypeBuilder<SavedReport> builder)
    {
        builder.ToTable("SavedReports");
        builder.Property(r => r.Name).HasMaxLength(SavedReport.MaxNameLength).IsRequired();
        builder.Property(r => r.OwnerId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Kind).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Definition).HasMaxLength(SavedReport.MaxDefinitionLength).IsRequired();
        builder.HasIndex(r => new { r.OwnerId, r.Name });
        builder.HasIndex(r => new { r.SharedTeamId, r.Name });
    }
}
