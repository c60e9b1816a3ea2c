using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Reports;

public enum ScheduleFrequency
{
    Weekly,
    Monthly,
}

/// <summary>
/// A report a user has emailed to them (and to members of their team) every week or month, the workbook attached
/// (issue 16). Run by <see cref="ReportDelivery"/> as its owner, so it holds what the owner may see at that time.
/// <see cref="NextRunAt"/> is the next occurrence in UTC, computed on the owner's clock; the sweeper claims a due row
/// (<see cref="ClaimedAt"/>), queues the mails keyed by schedule, occurrence and recipient, and moves it on.
/// </summary>
public sealed class ReportSchedule
{
    public const int MaxKeyLength = 100;
    public const int MaxTitleLength = 200;

    /// <summary>Monthly schedules go up to the 28th, a day every month has.</summary>
    public const int LastDayOfMonth = 28;

    public int Id { get; set; }
    public string OwnerId { get; set; } = string.Empty;
    public AppUser? Owner { get; set; }
    public string ReportKey { get; set; } = string.Empty;

    /// <summary>The report's title when it was last run (or scheduled), for the list.</summary>
    public string Title { get; set; } = string.Empty;

    public ScheduleFrequency Frequency { get; set; }

    /// <summary>Weekly: the day it is sent on.</summary>
    public DayOfWeek? Weekday { get; set; }

    /// <summary>Monthly: the day of the month, 1 to <see cref="LastDayOfMonth"/>.</summary>
    public int? DayOfMonth { get; set; }

    /// <summary>The time of day on the owner's clock, in minutes after midnight.</summary>
    public int MinuteOfDay { get; set; }

    public DateTime NextRunAt { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? LastRunAt { get; set; }

    /// <summary>Why the last run sent nothing (an English resource key), null when it went well.</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<ReportScheduleRecipient> Recipients { get; set; } = [];

    /// <summary>
    /// The first occurrence strictly after <paramref name="afterUtc"/> on <paramref name="zone"/>'s clock, in UTC. A time
    /// the clocks skip (spring forward) is sent just after the change; a time they pass twice, at its first passing.
    /// </summary>
    public static DateTime Next(ScheduleFrequency frequency, DayOfWeek? weekday, int? dayOfMonth, int minuteOfDay, TimeZoneInfo zone, DateTime afterUtc)
    {
        var start = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), zone).Date;
        for (var i = 0; i < 64; i++)
        {
            var day = start.AddDays(i);
            if (frequency == ScheduleFrequency.Weekly ? day.DayOfWeek != weekday : day.Day != dayOfMonth)
            {
                continue;
            }

            var wall = DateTime.SpecifyKind(day.AddMinutes(minuteOfDay), DateTimeKind.Unspecified);
            var utc = zone.IsInvalidTime(wall) ? DateTime.SpecifyKind(wall - zone.BaseUtcOffset, DateTimeKind.Utc)
                : zone.IsAmbiguousTime(wall) ? DateTime.SpecifyKind(wall - zone.GetAmbiguousTimeOffsets(wall).Max(), DateTimeKind.Utc)
                : TimeZoneInfo.ConvertTimeToUtc(wall, zone);
            if (utc > afterUtc)
            {
                return utc;
            }
        }

        throw new ArgumentException("The schedule names no day that occurs.", nameof(dayOfMonth));
    }

    public DateTime NextAfter(DateTime afterUtc, TimeZoneInfo zone) => Next(Frequency, Weekday, DayOfMonth, MinuteOfDay, zone, afterUtc);

    /// <summary>The outbox key of one occurrence's mail to one recipient: a run done twice queues it once.</summary>
    public static string MailKey(int scheduleId, DateTime occurrenceUtc, string userId) =>
        FormattableString.Invariant($"report-{scheduleId}-{occurrenceUtc:yyyyMMddHHmm}-{userId}");
}

/// <summary>A member of the owner's team who receives the schedule's mail too (checked again at each run).</summary>
public sealed class ReportScheduleRecipient
{
    public int ScheduleId { get; set; }
    public string UserId { get; set; } = string.Empty;
}

public sealed class ReportScheduleConfiguration : IEntityTypeConfiguration<ReportSchedule>
{
    public void Configure(EntityTypeBuilder<ReportSchedule> builder)
    {
        builder.ToTable("ReportSchedules");
        builder.Property(s => s.OwnerId).HasMaxLength(450).IsRequired();
        builder.HasOne(s => s.Owner).WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.ReportKey).HasMaxLength(ReportSchedule.MaxKeyLength).IsRequired();
        builder.Property(s => s.Title).HasMaxLength(ReportSchedule.MaxTitleLength).IsRequired();
        builder.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.HasMany(s => s.Recipients).WithOne().HasForeignKey(r => r.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.OwnerId);

        // The sweeper: schedules whose time has come.
        builder.HasIndex(s => s.NextRunAt);
    }
}

public sealed class ReportScheduleRecipientConfiguration : IEntityTypeConfiguration<ReportScheduleRecipient>
{
    public void Configure(EntityTypeBuilder<ReportScheduleRecipient> builder)
    {
        builder.ToTable("ReportScheduleRecipients");
        builder.HasKey(r => new { r.ScheduleId, r.UserId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.NoAction);
    }
}
