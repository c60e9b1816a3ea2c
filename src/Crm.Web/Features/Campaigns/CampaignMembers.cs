using System.Data.Common;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// Adds contacts to a campaign and pages through its members. Adding is one INSERT … SELECT over the query it is given
/// (a list's filter, a segment), skipping contacts already members: nothing is loaded, whatever the count.
/// </summary>
public sealed class CampaignMembers(CrmDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>
    /// Adds every contact of <paramref name="contactIds"/> (a query of contact ids, unordered; the caller has applied the
    /// user's access to it) that is not a member yet, as Targeted; returns how many were added. The seam segments and
    /// forms use.
    /// </summary>
    public async Task<int> AddAsync(int campaignId, IQueryable<int> contactIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var table = db.Model.FindEntityType(typeof(CampaignMember))!;
        var name = table.GetTableName()!;
        await using var source = contactIds.CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var insert = db.Database.GetDbConnection().CreateCommand();
            insert.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();

            // EXCEPT works by position on both providers: the source's one column, whatever its name, deduplicated.
            insert.CommandText =
                $"INSERT INTO {Quote(name)} ({Quote("ContactId")}, {Quote("CampaignId")}, {Quote("Status")}, {Quote("AddedAt")}) " +
                $"SELECT n.*, @campaignMemberCampaign, @campaignMemberStatus, @campaignMemberNow FROM (" +
                $"SELECT * FROM ({source.CommandText}) AS i EXCEPT SELECT {Quote("ContactId")} FROM {Quote(name)} WHERE {Quote("CampaignId")} = @campaignMemberCampaign" +
                ") AS n";
            foreach (DbParameter parameter in source.Parameters)
            {
                var copy = insert.CreateParameter();
                copy.ParameterName = parameter.ParameterName;
                copy.Value = parameter.Value;
                copy.DbType = parameter.DbType;
                insert.Parameters.Add(copy);
            }

            Add(insert, "@campaignMemberCampaign", campaignId);
            Add(insert, "@campaignMemberStatus", nameof(CampaignMemberStatus.Targeted));
            Add(insert, "@campaignMemberNow", now);
            return await insert.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        string Quote(string identifier) => db.Database.IsSqlServer() ? $"[{identifier}]" : $"\"{identifier}\"";
    }

    public sealed record Member(long Id, int ContactId, string? Name, string? Email, CampaignMemberStatus Status, DateTime AddedAt, DateTime? SentAt);

    public sealed record Page(IReadOnlyList<Member> Members, long? Next, CampaignMemberStatus? Status, int Count);

    /// <summary>A page of members whose contact the user may see, in the order they were added, maybe of one status.</summary>
    public async Task<Page> PageAsync(int campaignId, CampaignMemberStatus? status, long? after, CrmUser user, CancellationToken ct)
    {
        var visible = db.Contacts.VisibleTo(user);
        var members = db.CampaignMembers.AsNoTracking()
            .Where(m => m.CampaignId == campaignId && visible.Any(c => c.Id == m.ContactId));
        if (status is CampaignMemberStatus wanted)
        {
            members = members.Where(m => m.Status == wanted);
        }

        var count = await members.Take(ListCap + 1).CountAsync(ct);
        var rows = await members.Where(m => after == null || m.Id > after)
            .OrderBy(m => m.Id)
            .Take(PageSize + 1)
            .Select(m => new Member(m.Id, m.ContactId, m.Contact!.FirstName + " " + m.Contact.LastName, m.Contact.Email, m.Status, m.AddedAt, m.SentAt))
            .ToListAsync(ct);
        var more = rows.Count > PageSize;
        return new Page(rows.Take(PageSize).ToList(), more ? rows[PageSize - 1].Id : null, status, count);
    }

    /// <summary>Counted up to this many on the page; beyond, "10 000+".</summary>
    public const int ListCap = 10_000;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
