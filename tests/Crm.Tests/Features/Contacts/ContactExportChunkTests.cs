using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Tests.Features.Contacts;

public sealed class ContactExportChunkTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("", false)]
    [InlineData("?sort=created", true)]
    public async Task An_export_larger_than_one_chunk_holds_every_row_once_in_list_order(string query, bool byCreatedDescending)
    {
        var total = Crm.Web.Features.Shared.ListExport.ChunkSize + 77;
        await app.WithDbAsync(async db =>
        {
            if (await db.Contacts.AnyAsync())
            {
                return;
            }

            var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < total; i++)
            {
                // Few distinct names and dates: most rows tie on the sort key, and the id decides.
                db.Contacts.Add(new Contact { FirstName = $"F{i % 13}", LastName = $"L{i % 17}", CreatedAt = start.AddDays(i % 11) });
            }

            await db.SaveChangesAsync();
        });
        var expected = await app.WithDbAsync(db => byCreatedDescending
            ? db.Contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync()
            : db.Contacts.OrderBy(c => c.SortName).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        var admin = await app.SignInAsync();

        var bytes = await admin.GetByteArrayAsync("/Contacts/Export" + query);
        await using var stream = new MemoryStream(bytes);
        var ids = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => Convert.ToInt32(r["Id"], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(total, ids.Count);
        Assert.Equal(expected, ids);
    }
}
