using Crm.Web.Features.Tasks;

namespace Crm.Tests.Features.Tasks;

/// <summary>The next occurrence of a repeating task, on the app's wall clock (Paris).</summary>
public sealed class RecurrenceTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Paris);

    [Theory]
    [InlineData(2027, 1, 31, 2027, 2, 28)]
    [InlineData(2028, 1, 31, 2028, 2, 29)]
    [InlineData(2027, 3, 31, 2027, 4, 30)]
    [InlineData(2027, 12, 15, 2028, 1, 15)]
    public void A_monthly_task_keeps_its_day_of_the_month_clamped_to_the_months_end(int year, int month, int day, int nextYear, int nextMonth, int nextDay) =>
        Assert.Equal(Utc(nextYear, nextMonth, nextDay, 9, 30), CrmTask.NextDue(Utc(year, month, day, 9, 30), TaskRecurrence.Monthly, Paris));

    [Fact]
    public void A_daily_task_stays_at_nine_on_the_wall_clock_across_the_change_to_summer_time()
    {
        // 28 March 2027 is the last Sunday of March: Paris moves from UTC+1 to UTC+2.
        var saturday = Utc(2027, 3, 27, 9);
        var sunday = CrmTask.NextDue(saturday, TaskRecurrence.Daily, Paris);

        Assert.Equal(Utc(2027, 3, 28, 9), sunday);
        Assert.Equal(TimeSpan.FromHours(23), sunday - saturday);
    }

    [Fact]
    public void A_weekly_task_comes_back_seven_days_later_and_completing_it_copies_what_it_is()
    {
        var task = new CrmTask
        {
            Title = "Weekly call", DueAt = Utc(2026, 12, 3, 14, 30), Recurrence = TaskRecurrence.Weekly, Priority = TaskPriority.High,
            RemindMinutesBefore = 15, RecordKind = "contacts", RecordId = 7, OwnerId = "u1", TeamId = 3,
        };

        var next = task.Complete("u2", Utc(2026, 12, 3, 15), Paris);

        Assert.NotNull(task.CompletedAt);
        Assert.Equal("u2", task.CompletedById);
        Assert.NotNull(next);
        Assert.Equal(Utc(2026, 12, 10, 14, 30), next.DueAt);
        Assert.Equal(("Weekly call", TaskPriority.High, TaskRecurrence.Weekly, 15, "contacts", 7, "u1", 3),
            (next.Title, next.Priority, next.Recurrence, next.RemindMinutesBefore, next.RecordKind, next.RecordId, next.OwnerId, next.TeamId));
        Assert.Null(next.CompletedAt);
        Assert.Null(task.Complete("u2", Utc(2026, 12, 3, 16), Paris));
    }

    [Fact]
    public void A_task_that_does_not_repeat_opens_nothing_when_done() =>
        Assert.Null(new CrmTask { Title = "Once", DueAt = Utc(2026, 12, 3, 9) }.Complete("u1", Utc(2026, 12, 3, 10), Paris));
}
