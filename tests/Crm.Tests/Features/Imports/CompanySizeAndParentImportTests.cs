using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>Companies take their size (a band in either language, or a headcount) and their parent company (by name) from an import.</summary>
public sealed class CompanySizeAndParentImportTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("10-49 employees", CompanySize.Small)]
    [InlineData("250 à 4\u202f999 salariés", CompanySize.Large)]
    [InlineData("5 000 salariés et plus", CompanySize.Enterprise)]
    [InlineData("1-9 employees", CompanySize.Micro)]
    [InlineData("42", CompanySize.Small)]
    [InlineData("1 500", CompanySize.Large)]
    [InlineData("Effectif inconnu", CompanySize.Unknown)]
    [InlineData("beaucoup", null)]
    public void A_size_is_read_from_its_label_or_a_headcount(string text, CompanySize? size) =>
        Assert.Equal(size, CompanyImport.ReadSize(text));

    [Fact]
    public async Task A_parent_is_found_by_name_and_bad_sizes_or_unknown_parents_are_row_errors()
    {
        var s = "p" + Guid.NewGuid().ToString("N")[..8];
        var (_, client) = await app.UserAsync(Roles.Admin);
        var csv = Encoding.UTF8.GetBytes(
            "Nom;Effectif;Société mère\n" +
            $"Mère {s};5 000 salariés et plus;\n" +
            $"Fille {s};42;mère {s}\n" +
            $"Orpheline {s};;Inconnue {s}\n" +
            $"Floue {s};beaucoup;\n" +
            $"Narcisse {s};;Narcisse {s}\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Companies/Import", csv, "parents.csv"));

        Assert.Equal((2, 3), (job.CreatedCount, job.ErrorCount));
        var companies = await app.WithDbAsync(db => db.Companies.AsNoTracking().Where(c => c.Name.EndsWith(s)).ToDictionaryAsync(c => c.Name));
        Assert.Equal(CompanySize.Enterprise, companies[$"Mère {s}"].Size);
        Assert.Equal((CompanySize.Small, companies[$"Mère {s}"].Id), (companies[$"Fille {s}"].Size, companies[$"Fille {s}"].ParentCompanyId));
        var errors = await client.GetStringAsync($"/Imports/Errors/{job.Id}");
        Assert.Contains($"No company is named \"\"Inconnue {s}\"\"", errors, StringComparison.Ordinal);
        Assert.Contains("\"\"beaucoup\"\" is not a company size", errors, StringComparison.Ordinal);
        Assert.Contains("This company cannot be its own parent", errors, StringComparison.Ordinal);
    }
}
