using System.Runtime.CompilerServices;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Reports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Reports;

/// <summary>
/// The app with a small honest report runner over its real database (the real standard and saved report runners are
/// built elsewhere): "test:contacts-by-source", a table of the contacts the user may see counted by source, for those
/// managers and admins (counting only what they see); "test:raw-contacts", the contacts the user may see one row each, streamed only.
/// </summary>
public sealed class ReportAppFactory : CrmAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddScoped<IReportRunner, ContactsReportRunner>());
    }
}

public sealed class ContactsReportRunner(CrmDbContext db) : IReportRunner
{
    public const string BySource = "test:contacts-by-source";
    public const string Raw = "test:raw-contacts";

    public bool Handles(string reportKey) => reportKey.StartsWith("test:", StringComparison.Ordinal);

    public async Task<ReportTable?> RunAsync(string reportKey, CrmUser user, CancellationToken ct)
    {
        if (reportKey != BySource || !(user.IsIn(Roles.Manager) || user.IsIn(Roles.Admin)))
        {
            return null;
        }

        var rows = await db.Contacts.AsNoTracking().VisibleTo(user)
            .GroupBy(c => c.LeadSource).Select(g => new { Source = g.Key, Count = g.Count() })
            .OrderBy(g => g.Source).ToListAsync(ct);
        return new ReportTable(
            "Contacts by source",
            [new("source", "Source", ReportValueType.Text), new("count", "Contacts", ReportValueType.Count)],
            rows.Select(r => new object?[] { r.Source, r.Count }).ToList(),
            [new ReportFilter("Owner", "Everyone")]);
    }

    public Task<(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportFilter> Filters, IAsyncEnumerable<object?[]> Rows)?> StreamAsync(string reportKey, CrmUser user, CancellationToken ct)
    {
        if (reportKey != Raw)
        {
            return Task.FromResult<(string, IReadOnlyList<ReportColumn>, IReadOnlyList<ReportFilter>, IAsyncEnumerable<object?[]>)?>(null);
        }

        IReadOnlyList<ReportColumn> columns = [new("name", "Last name", ReportValueType.Text), new("created", "Created", ReportValueType.DateTime)];
        return Task.FromResult<(string, IReadOnlyList<ReportColumn>, IReadOnlyList<ReportFilter>, IAsyncEnumerable<object?[]>)?>(("Raw contacts", columns, [], Rows(user, ct)));
    }

    private async IAsyncEnumerable<object?[]> Rows(CrmUser user, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var c in db.Contacts.AsNoTracking().VisibleTo(user).OrderBy(c => c.Id).Select(c => new { c.LastName, c.CreatedAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return [c.LastName, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc)];
        }
    }
}
