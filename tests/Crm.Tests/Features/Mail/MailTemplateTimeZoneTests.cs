using Crm.Tests.Features.Tasks;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Mail;

/// <summary>A workflow's mail writes times in its recipient's zone: the owner's own, else the company's (not Crm:TimeZone).</summary>
public sealed class MailTemplateTimeZoneTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<string> DueTextAsync(string? ownerZone)
    {
        var owner = await app.CreateUserAsync(Roles.Sales);
        var (template, task) = await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == owner.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, ownerZone));
            var mail = new MailTemplate { Name = "Due " + Guid.NewGuid().ToString("N")[..6], Kind = "tasks", SubjectEn = "Due", BodyEn = "{{task.due}}", UpdatedAt = DateTime.UtcNow };
            var due = TaskTestData.New("Zoned", owner.Id, due: new DateTime(2027, 1, 15, 23, 30, 0, DateTimeKind.Utc));
            db.AddRange(mail, due);
            await db.SaveChangesAsync();
            return (mail.Id, due.Id);
        });

        string? text = null;
        await app.WithScopeAsync(async services =>
            text = (await services.GetRequiredService<MailTemplates>().RenderForAsync(template, "tasks", task, MailRecipient.Owner, CancellationToken.None)).Mail?.Text);
        return text!;
    }

    [Fact]
    public async Task The_owners_zone_then_the_company_zone_set_the_time_in_the_mail()
    {
        await app.WithDbAsync(async db =>
        {
            var row = await db.Set<OrganisationSettings>().SingleOrDefaultAsync() ?? db.Add(new OrganisationSettings()).Entity;
            row.TimeZone = "Asia/Tokyo";
            await db.SaveChangesAsync();
        });

        Assert.Equal("15/01/2027 15:30", await DueTextAsync("America/Los_Angeles"));
        Assert.Equal("16/01/2027 08:30", await DueTextAsync(null));
    }
}
