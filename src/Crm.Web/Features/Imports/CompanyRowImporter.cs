using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>Imports companies. A row is a duplicate of a company the user can see with the same SIRET, the same SIREN, or the same name.</summary>
public sealed class CompanyRowImporter(CrmDbContext db, IStringLocalizer l, ImportRowParser parser)
    : RowImporterBase(db, l, parser), IRowImporter
{
    protected override RecordKind Kind => Company.Kind;

    private readonly Lookup<Company> _bySiret = new();
    private readonly Lookup<Company> _bySiren = new();
    private readonly Lookup<Company> _byName = new();

    private sealed record State(ParsedCompany Company, ImportOwner Owner, KnownRecord<Company>? Match, string? Siret, string? Siren, string NameKey);

    public async Task LoadAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct)
    {
        await LoadSharedAsync(user, duplicates, ct);
        await foreach (var c in Db.Companies.AsNoTracking().VisibleTo(user).OrderBy(c => c.Id)
                           .Select(c => new { c.Id, c.NameKey, c.Siret, c.Siren, c.OwnerId, c.TeamId })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var record = new KnownRecord<Company>(c.Id, null, user.CanEdit<Company>(new OwnedStub(c.OwnerId, c.TeamId)));
            _bySiret.Load(c.Siret, record);
            _bySiren.Load(c.Siren, record);
            _byName.Load(c.NameKey, record);
        }
    }

    /// <summary>Companies are saved by EF with the batch: nothing is left to write.</summary>
    public Task WriteCreatedAsync(CancellationToken ct) => Task.CompletedTask;

    public RowPlan Plan(SourceRow row)
    {
        var (company, errors) = Parser.ParseCompany(row);
        var owner = ResolveOwner(company.OwnerEmail, errors);
        if (errors.Count > 0)
        {
            return new RowPlan(row, RowAction.Error, errors) { Parsed = company };
        }

        var siret = company.Siret is null ? null : FrenchCompanyIds.Clean(company.Siret);
        var siren = company.Siren is null ? siret?[..9] : FrenchCompanyIds.Clean(company.Siren);
        var nameKey = SearchKey.Normalize(company.Name);
        var (match, reason) = _bySiret.Find(siret) is { } a ? (a, L["Same SIRET"].Value)
            : _bySiren.Find(siren) is { } b ? (b, L["Same SIREN"].Value)
            : _byName.Find(nameKey) is { } c ? (c, L["Same name"].Value)
            : ((KnownRecord<Company>?)null, (string?)null);
        var action = match is null ? RowAction.Create : Duplicates switch
        {
            DuplicateHandling.Skip => RowAction.Skip,
            DuplicateHandling.Update => match.Editable ? RowAction.Update : RowAction.Skip,
            _ => RowAction.Create,
        };

        return new RowPlan(row, action, [], match is { Id: > 0 } ? match.Id : null, reason)
        {
            Parsed = company,
            State = new State(company, owner!, match, siret, siren, nameKey),
        };
    }

    public async Task ApplyBatchAsync(IReadOnlyList<SourceRow> rows, BatchCounts counts, CancellationToken ct)
    {
        var updates = new List<State>();
        foreach (var row in rows)
        {
            var plan = Plan(row);
            var state = (State?)plan.State;
            switch (plan.Action)
            {
                case RowAction.Error:
                    counts.Errors++;
                    counts.ErrorRows.Add((row.Number, string.Join(" ", plan.Errors)));
                    break;
                case RowAction.Skip:
                    counts.Skipped++;
                    break;
                case RowAction.Create:
                    Create(state!);
                    counts.Created++;
                    break;
                case RowAction.Update when state!.Match!.Entity is { } pending:
                    Update(pending, state);
                    counts.Updated++;
                    break;
                case RowAction.Update:
                    Register(state.Match!, state);
                    updates.Add(state);
                    break;
            }
        }

        if (updates.Count == 0)
        {
            return;
        }

        var ids = updates.Select(u => u.Match!.Id).Distinct().ToList();
        var loaded = await Db.Companies.Include(c => c.Tags).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var state in updates)
        {
            if (loaded.TryGetValue(state.Match!.Id, out var company) && User.CanEdit<Company>(company))
            {
                Update(company, state);
                counts.Updated++;
            }
            else
            {
                counts.Skipped++;
            }
        }
    }

    private void Create(State state)
    {
        var company = new Company { Name = state.Company.Name, OwnerId = state.Owner.Id, TeamId = state.Owner.TeamId };
        Update(company, state);
        Db.Companies.Add(company);
        var record = new KnownRecord<Company>(0, company, true);
        Register(record, state);
        AfterCommit(() => { record.Id = company.Id; record.Entity = null; });
    }

    /// <summary>Fills the company with the row's non-empty values; tags are added, never removed.</summary>
    private void Update(Company company, State state)
    {
        var p = state.Company;
        company.Name = p.Name;
        company.LegalName = p.LegalName ?? company.LegalName;
        company.Siret = p.Siret ?? company.Siret;
        company.Siren = p.Siren ?? company.Siren;
        company.VatNumber = p.Vat ?? company.VatNumber;
        company.NafCode = p.Naf ?? company.NafCode;
        company.Industry = p.Industry ?? company.Industry;
        company.Website = p.Website ?? company.Website;
        company.Phone = p.Phone ?? company.Phone;
        company.Status = p.Status ?? company.Status;
        if (p.Street is not null || p.PostalCode is not null || p.City is not null || p.Country is not null)
        {
            var address = company.BillingAddress;
            company.BillingAddress = address with
            {
                Line1 = p.Street ?? address.Line1,
                PostalCode = p.PostalCode ?? address.PostalCode,
                City = p.City ?? address.City,
                Country = p.Country ?? address.Country,
            };
        }

        if (p.OwnerEmail is not null)
        {
            company.AssignTo(state.Owner.Id, state.Owner.TeamId);
        }

        foreach (var name in p.Tags)
        {
            var tag = TagFor(name);
            var exists = tag.Entity is { } pending
                ? company.Tags.Any(t => ReferenceEquals(t.Tag, pending))
                : company.Tags.Any(t => t.TagId == tag.Id);
            if (!exists)
            {
                company.Tags.Add(tag.Entity is { } entity ? new CompanyTag { Tag = entity } : new CompanyTag { TagId = tag.Id });
            }
        }
    }

    private void Register(KnownRecord<Company> record, State state)
    {
        _bySiret.Register(state.Siret, record);
        _bySiren.Register(state.Siren, record);
        _byName.Register(state.NameKey, record);
    }

    public override void BatchCommitted()
    {
        base.BatchCommitted();
        _bySiret.Committed();
        _bySiren.Committed();
        _byName.Committed();
    }

    public override void BatchRolledBack()
    {
        base.BatchRolledBack();
        _bySiret.RolledBack();
        _bySiren.RolledBack();
        _byName.RolledBack();
    }
}
