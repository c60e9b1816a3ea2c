using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Benchmarks;

/// <summary>
/// The yardstick of <c>--load</c>: a minimal ASP.NET Core app that runs the queries of each Crm page over raw
/// Microsoft.Data.Sqlite on the same file and renders the rows as an HTML table. No auth, no antiforgery, no views,
/// no EF: what a page costs beyond it is what the framework and the app add.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _connectionString;

    private RawServer(WebApplication app, string connectionString)
    {
        _app = app;
        _connectionString = connectionString;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<RawServer> StartAsync(string databaseFile, string adminId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = true, DefaultTimeout = 30 }.ToString();
        var server = new RawServer(app, connectionString);
        app.MapGet("/raw/contacts", (string? q) => server.Html(c => ContactList(c, q)));
        app.MapGet("/raw/contacts/{id:int}", (int id) => server.Html(c => ContactDetails(c, id)));
        app.MapGet("/raw/companies", () => server.Html(CompanyList));
        app.MapGet("/raw/dashboard", () => server.Html(c => Dashboard(c, adminId)));
        app.MapGet("/raw/search", (string q) => server.Html(c => Search(c, q)));
        app.MapGet("/raw/deals/board", () => server.Html(DealBoard));
        app.MapGet("/raw/tickets/unassigned", () => server.Html(UnassignedTickets));
        app.MapPost("/raw/contacts/{id:int}/activity", (int id) => server.Html(c => LogActivity(c, id, adminId)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> Html(Func<SqliteConnection, Task<string>> render)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 10000;";
            await pragma.ExecuteNonQueryAsync();
        }

        return Results.Content(await render(connection), "text/html; charset=utf-8");
    }

    private const string ContactColumns =
        "SELECT c.Id, c.FirstName, c.LastName, c.Email, c.Phone, co.Name, u.DisplayName, c.Status, c.LastActivityAt " +
        "FROM Contacts c LEFT JOIN Companies co ON co.Id = c.CompanyId LEFT JOIN AspNetUsers u ON u.Id = c.OwnerId ";

    private static async Task<string> ContactList(SqliteConnection c, string? q)
    {
        var terms = SearchWords.Terms(q);
        if (terms.Count == 0)
        {
            var count = await Scalar(c, "SELECT count(*) FROM (SELECT 1 FROM Contacts WHERE DeletedAt IS NULL LIMIT 1001)");
            return await Table(c, count, ContactColumns + "WHERE c.Id IN (SELECT Id FROM Contacts WHERE DeletedAt IS NULL ORDER BY SortName, Id LIMIT 25) ORDER BY c.SortName, c.Id");
        }

        // As the list does: every term the prefix of a word of the contact, or of a word of its company's name.
        var matches = string.Join(" INTERSECT ", terms.Select((_, i) =>
            $"SELECT RecordId FROM SearchWords WHERE Kind = 'contacts' AND Word LIKE $t{i} ESCAPE '\\' " +
            $"UNION SELECT x.Id FROM Contacts x WHERE x.CompanyId IN (SELECT RecordId FROM SearchWords WHERE Kind = 'companies' AND Word LIKE $t{i} ESCAPE '\\')"));
        var parameters = terms.Select((t, i) => ($"$t{i}", (object)SearchKey.PrefixPattern(t))).ToArray();
        var capped = await Scalar(c, $"SELECT count(*) FROM (SELECT 1 FROM Contacts WHERE DeletedAt IS NULL AND Id IN ({matches}) LIMIT 1001)", parameters);
        return await Table(c, capped,
            ContactColumns + $"WHERE c.Id IN (SELECT Id FROM Contacts WHERE DeletedAt IS NULL AND Id IN ({matches}) ORDER BY SortName, Id LIMIT 25) ORDER BY c.SortName, c.Id", parameters);
    }

    private static async Task<string> ContactDetails(SqliteConnection c, int id)
    {
        var head = await Table(c, null, ContactColumns + "WHERE c.Id = $id AND c.DeletedAt IS NULL", ("$id", id));
        var timeline = await Table(c, null,
            "SELECT a.Id, a.Kind, a.Subject, a.OccurredAt, u.DisplayName FROM Activities a LEFT JOIN AspNetUsers u ON u.Id = a.CreatedById " +
            "WHERE a.ContactId = $id AND a.DeletedAt IS NULL ORDER BY a.OccurredAt DESC, a.Id DESC LIMIT 20", ("$id", id));
        return head + timeline;
    }

    private static async Task<string> CompanyList(SqliteConnection c)
    {
        var count = await Scalar(c, "SELECT count(*) FROM (SELECT 1 FROM Companies WHERE DeletedAt IS NULL LIMIT 1001)");
        return await Table(c, count,
            "SELECT co.Id, co.Name, co.Industry, co.Website, u.DisplayName FROM Companies co LEFT JOIN AspNetUsers u ON u.Id = co.OwnerId " +
            "WHERE co.Id IN (SELECT Id FROM Companies WHERE DeletedAt IS NULL ORDER BY NameKey, Id LIMIT 25) ORDER BY co.NameKey, co.Id");
    }

    private static async Task<string> Dashboard(SqliteConnection c, string userId)
    {
        var contacts = await Scalar(c, "SELECT count(*) FROM (SELECT 1 FROM Contacts WHERE DeletedAt IS NULL LIMIT 1001)");
        var companies = await Scalar(c, "SELECT count(*) FROM (SELECT 1 FROM Companies WHERE DeletedAt IS NULL LIMIT 1001)");
        var recent = await Table(c, contacts + companies,
            "SELECT a.Id, a.Kind, a.Subject, a.OccurredAt, c.FirstName, c.LastName FROM Activities a LEFT JOIN Contacts c ON c.Id = a.ContactId " +
            "WHERE a.CreatedById = $u AND a.DeletedAt IS NULL ORDER BY a.OccurredAt DESC, a.Id DESC LIMIT 10", ("$u", userId));
        return recent;
    }

    private static async Task<string> Search(SqliteConnection c, string q)
    {
        var terms = SearchWords.Terms(q);
        var term = SearchKey.PrefixPattern(terms.Count > 0 ? terms[0] : string.Empty);
        var contacts = await Table(c, null,
            ContactColumns + "WHERE c.Id IN (SELECT Id FROM Contacts WHERE DeletedAt IS NULL AND Id IN " +
            "(SELECT RecordId FROM SearchWords WHERE Kind = 'contacts' AND Word LIKE $t ESCAPE '\\') ORDER BY SortName, Id LIMIT 10) ORDER BY c.SortName, c.Id", ("$t", term));
        var companies = await Table(c, null,
            "SELECT co.Id, co.Name FROM Companies co WHERE co.DeletedAt IS NULL AND co.Id IN " +
            "(SELECT RecordId FROM SearchWords WHERE Kind = 'companies' AND Word LIKE $t ESCAPE '\\') ORDER BY co.NameKey, co.Id LIMIT 10", ("$t", term));
        return contacts + companies;
    }

    /// <summary>As /Deals/Board: the first pipeline's live stages, each stage's open deals counted and summed in one grouped
    /// query, then each column's first 20 cards (oldest in the stage first) with their company and owner.</summary>
    private static async Task<string> DealBoard(SqliteConnection c)
    {
        var pipeline = await Scalar(c, "SELECT Id FROM Pipelines ORDER BY Position, Id LIMIT 1");
        var stages = new List<long>();
        await using (var command = c.CreateCommand())
        {
            command.CommandText = "SELECT Id FROM PipelineStages WHERE PipelineId = $p AND RemovedAt IS NULL ORDER BY Position, Id";
            command.Parameters.AddWithValue("$p", pipeline);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stages.Add(reader.GetInt64(0));
            }
        }

        var html = new StringBuilder(await Table(c, null,
            "SELECT StageId, count(*), sum(AmountDefaultCents) FROM Deals WHERE DeletedAt IS NULL AND PipelineId = $p AND Status = 'Open' GROUP BY StageId",
            ("$p", pipeline)));
        foreach (var stage in stages)
        {
            html.Append(await Table(c, null,
                "SELECT d.Id, d.Name, d.Version, co.Name, d.AmountCents, d.Currency, d.ExpectedCloseDate, u.DisplayName, d.StageEnteredAt, d.LastActivityAt " +
                "FROM Deals d LEFT JOIN Companies co ON co.Id = d.CompanyId LEFT JOIN AspNetUsers u ON u.Id = d.OwnerId " +
                "WHERE d.DeletedAt IS NULL AND d.PipelineId = $p AND d.Status = 'Open' AND d.StageId = $s ORDER BY d.StageEnteredAt, d.Id LIMIT 21",
                ("$p", pipeline), ("$s", stage)));
        }

        return html.ToString();
    }

    /// <summary>As /Tickets?queue=unassigned: open tickets nobody owns, the deadline that comes first, on the queue's index.</summary>
    private static async Task<string> UnassignedTickets(SqliteConnection c)
    {
        const string Queue = "FROM Tickets WHERE DeletedAt IS NULL AND OwnerId IS NULL AND InQueue = 1";
        var count = await Scalar(c, $"SELECT count(*) FROM (SELECT 1 {Queue} LIMIT 1001)");
        return await Table(c, count,
            "SELECT t.Id, t.Number, t.Subject, t.Priority, t.Status, t.ResolutionDueAt, co.Name, u.DisplayName FROM Tickets t " +
            "LEFT JOIN Companies co ON co.Id = t.CompanyId LEFT JOIN AspNetUsers u ON u.Id = t.OwnerId " +
            $"WHERE t.Id IN (SELECT Id {Queue} ORDER BY QueueDue, Id LIMIT 26) ORDER BY t.QueueDue, t.Id");
    }

    private static async Task<string> LogActivity(SqliteConnection c, int contactId, string userId)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        await using var transaction = (SqliteTransaction)await c.BeginTransactionAsync();
        await using (var insert = c.CreateCommand())
        {
            insert.CommandText =
                "INSERT INTO Activities (Kind, Subject, OccurredAt, BodyFormat, ContactId, CreatedById, CreatedAt, UpdatedAt, Version) " +
                "VALUES ('Note', 'Load test', $now, 'Plain', $id, $u, $now, $now, 1); " +
                "UPDATE Contacts SET LastActivityAt = $now WHERE Id = $id AND (LastActivityAt IS NULL OR LastActivityAt < $now);";
            insert.Parameters.AddWithValue("$now", now);
            insert.Parameters.AddWithValue("$id", contactId);
            insert.Parameters.AddWithValue("$u", userId);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return await ContactDetails(c, contactId);
    }

    private static async Task<long> Scalar(SqliteConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> Table(SqliteConnection c, long? count, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var html = new StringBuilder("<!doctype html><html><body>");
        if (count is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{(count > 1000 ? "1000+" : count.ToString())} records</p>");
        }

        html.Append("<table>");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            html.Append("<tr>");
            for (var i = 0; i < reader.FieldCount; i++)
            {
                html.Append("<td>").Append(HtmlEncoder.Default.Encode(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }
}
