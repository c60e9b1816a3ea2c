using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Imports contacts. A row is a duplicate of a contact the user can see with the same normalised email or E.164 phone,
/// or a similar name at the same company (the rule of <see cref="ContactDuplicates"/>). The company column finds the
/// company by name or creates it; the tags column finds or creates tags.
/// </summary>
public sealed class ContactRowImporter(CrmDbContext db, IStringLocalizer l, ImportRowParser parser, TimeProvider clock, ChangeScope changes)
    : RowImporterBase(db, l, parser), IRowImporter
{
    protected override RecordKind Kind => Contact.Kind;

    private readonly Lookup<Contact> _byEmail = new();
    private readonly Lookup<Contact> _byPhone = new();
    private readonly Dictionary<string, List<(KnownRecord<Contact> Record, string FirstKey)>> _byName = new(StringComparer.Ordinal);
    private readonly List<string> _namesAddedInBatch = [];
    private readonly Lookup<Company> _companies = new();

    /// <summary>Contacts the batch creates: written by <see cref="WriteCreatedAsync"/>, not tracked by EF.</summary>
    private readonly List<Contact> _created = [];

    private sealed record State(ParsedContact Contact, ImportOwner Owner, KnownRecord<Contact>? Match, List<string> EmailKeys, List<string> PhoneKeys, string CompanyKey);

    public async Task LoadAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct)
    {
        await LoadSharedAsync(user, duplicates, ct);
        var visible = Db.Contacts.AsNoTracking().VisibleTo(user);
        var records = new Dictionary<int, KnownRecord<Contact>>();
        await foreach (var c in visible
                           .Select(c => new { c.Id, c.OwnerId, c.TeamId, c.FirstNameKey, c.LastNameKey, CompanyKey = c.Company != null ? c.Company.NameKey : null })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var record = new KnownRecord<Contact>(c.Id, null, user.CanEdit<Contact>(new OwnedStub(c.OwnerId, c.TeamId)));
            records[c.Id] = record;
            if (c.CompanyKey is { Length: > 0 } && c.LastNameKey.Length > 0)
            {
                AddName(NameKey(c.CompanyKey, c.LastNameKey), record, c.FirstNameKey, inBatch: false);
            }
        }

        await foreach (var e in (from e in Db.ContactEmails join c in visible on e.ContactId equals c.Id select new { e.AddressKey, e.ContactId })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            _byEmail.Load(e.AddressKey, records[e.ContactId]);
        }

        await foreach (var p in (from p in Db.ContactPhones join c in visible on p.ContactId equals c.Id where p.E164 != null select new { p.E164, p.ContactId })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            _byPhone.Load(p.E164, records[p.ContactId]);
        }

        await foreach (var c in Db.Companies.AsNoTracking().VisibleTo(user).OrderBy(c => c.Id).Select(c => new { c.Id, c.NameKey })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            _companies.Load(c.NameKey, new KnownRecord<Company>(c.Id, null, true));
        }
    }

    public RowPlan Plan(SourceRow row)
    {
        var (contact, errors) = Parser.ParseContact(row);
        var owner = ResolveOwner(contact.OwnerEmail, errors);
        if (errors.Count > 0)
        {
            return new RowPlan(row, RowAction.Error, errors) { Parsed = contact };
        }

        var emailKeys = contact.Emails.Select(SearchKey.NormalizeEmail).ToList();
        var phoneKeys = contact.Phones.Select(p => PhoneNumber.ToE164(p)).OfType<string>().ToList();
        var companyKey = SearchKey.Normalize(contact.CompanyName);
        var (match, reason) = FindMatch(contact, emailKeys, phoneKeys, companyKey);
        var action = match is null ? RowAction.Create : Duplicates switch
        {
            DuplicateHandling.Skip => RowAction.Skip,
            DuplicateHandling.Update => match.Editable ? RowAction.Update : RowAction.Skip,
            _ => RowAction.Create,
        };

        return new RowPlan(row, action, [], match is { Id: > 0 } ? match.Id : null, reason)
        {
            Parsed = contact,
            State = new State(contact, owner!, match, emailKeys, phoneKeys, companyKey),
        };
    }

    private (KnownRecord<Contact>? Match, string? Reason) FindMatch(ParsedContact contact, List<string> emailKeys, List<string> phoneKeys, string companyKey)
    {
        foreach (var key in emailKeys)
        {
            if (_byEmail.Find(key) is { } byEmail)
            {
                return (byEmail, L["Same email"]);
            }
        }

        foreach (var key in phoneKeys)
        {
            if (_byPhone.Find(key) is { } byPhone)
            {
                return (byPhone, L["Same phone"]);
            }
        }

        if (companyKey.Length > 0 && _byName.TryGetValue(NameKey(companyKey, SearchKey.Normalize(contact.LastName)), out var sameName))
        {
            var firstKey = SearchKey.Normalize(contact.FirstName);
            foreach (var (record, first) in sameName)
            {
                if (NameSimilarity.Similar(first, firstKey))
                {
                    return (record, L["Similar name at the same company"]);
                }
            }
        }

        return (null, null);
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
                    Register(state.Match!, state, addName: false);
                    updates.Add(state);
                    break;
            }
        }

        if (updates.Count == 0)
        {
            return;
        }

        var ids = updates.Select(u => u.Match!.Id).Distinct().ToList();
        var loaded = await Db.Contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags)
            .Where(c => ids.Contains(c.Id)).AsSplitQuery().ToDictionaryAsync(c => c.Id, ct);
        foreach (var state in updates)
        {
            if (loaded.TryGetValue(state.Match!.Id, out var contact) && User.CanEdit<Contact>(contact))
            {
                Update(contact, state);
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
        var p = state.Contact;
        var contact = new Contact
        {
            FirstName = p.FirstName,
            LastName = p.LastName,
            JobTitle = p.JobTitle,
            Status = p.Status ?? ContactStatus.Active,
            PreferredLanguage = p.Language,
            OwnerId = state.Owner.Id,
            TeamId = state.Owner.TeamId,
        };

        // Added straight to the lists: the keys and the primary email are computed once, when the contact is written.
        contact.Emails.AddRange(p.Emails.Select(e => new ContactEmail { Address = e }));
        contact.Phones.AddRange(p.Phones.Select(n => new ContactPhone { Number = n }));
        SetCompany(contact, p.CompanyName, state.Owner);
        AddTags(contact, p.Tags);
        _created.Add(contact);

        var record = new KnownRecord<Contact>(0, contact, true);
        Register(record, state, addName: true);
        AfterCommit(() => { record.Id = contact.Id; record.Entity = null; });
    }

    /// <summary>After EF saved the batch's companies, tags and updates: inserts the new contacts in the same transaction.</summary>
    public async Task WriteCreatedAsync(CancellationToken ct)
    {
        await ContactBulkInsert.WriteAsync(Db, _created, User.Id, clock.GetUtcNow().UtcDateTime, changes.CorrelationId, ct);
        _created.Clear();
    }

    /// <summary>Fills the contact with the row's non-empty values; emails, phones and tags are added, never removed.</summary>
    private void Update(Contact contact, State state)
    {
        var p = state.Contact;
        if (p.FirstName.Length > 0)
        {
            contact.FirstName = p.FirstName;
        }

        contact.LastName = p.LastName;
        contact.JobTitle = p.JobTitle ?? contact.JobTitle;
        contact.Status = p.Status ?? contact.Status;
        contact.PreferredLanguage = p.Language ?? contact.PreferredLanguage;
        if (p.OwnerEmail is not null)
        {
            contact.AssignTo(state.Owner.Id, state.Owner.TeamId);
        }

        if (p.Emails.Count > 0)
        {
            var primary = contact.Emails.FirstOrDefault(e => e.IsPrimary)?.Address ?? contact.Emails.FirstOrDefault()?.Address;
            contact.SetEmails(contact.Emails.Select(e => e.Address).Concat(p.Emails).ToList(), primary);
        }

        if (p.Phones.Count > 0)
        {
            contact.SetPhones(contact.Phones.Select(n => n.Number).Concat(p.Phones).ToList());
        }

        if (p.CompanyName is not null)
        {
            SetCompany(contact, p.CompanyName, state.Owner);
        }

        AddTags(contact, p.Tags);
    }

    private void SetCompany(Contact contact, string? name, ImportOwner owner)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var key = SearchKey.Normalize(name);
        var record = _companies.Find(key);
        if (record is null)
        {
            var company = new Company { Name = name.Trim(), OwnerId = owner.Id, TeamId = owner.TeamId };
            Db.Companies.Add(company);
            var created = new KnownRecord<Company>(0, company, true);
            _companies.Register(key, created);
            AfterCommit(() => { created.Id = company.Id; created.Entity = null; });
            record = created;
        }

        if (record.Entity is { } pending)
        {
            contact.Company = pending;
        }
        else
        {
            contact.Company = null;
            contact.CompanyId = record.Id;
        }
    }

    private void AddTags(Contact contact, IReadOnlyList<string> tags)
    {
        foreach (var name in tags)
        {
            var tag = TagFor(name);
            var exists = tag.Entity is { } pending
                ? contact.Tags.Any(t => ReferenceEquals(t.Tag, pending))
                : contact.Tags.Any(t => t.TagId == tag.Id);
            if (!exists)
            {
                contact.Tags.Add(tag.Entity is { } entity ? new ContactTag { Tag = entity } : new ContactTag { TagId = tag.Id });
            }
        }
    }

    private void Register(KnownRecord<Contact> record, State state, bool addName)
    {
        state.EmailKeys.ForEach(k => _byEmail.Register(k, record));
        state.PhoneKeys.ForEach(k => _byPhone.Register(k, record));
        var lastKey = SearchKey.Normalize(state.Contact.LastName);
        if (addName && state.CompanyKey.Length > 0 && lastKey.Length > 0)
        {
            AddName(NameKey(state.CompanyKey, lastKey), record, SearchKey.Normalize(state.Contact.FirstName), inBatch: true);
        }
    }

    private void AddName(string key, KnownRecord<Contact> record, string firstKey, bool inBatch)
    {
        if (!_byName.TryGetValue(key, out var list))
        {
            _byName[key] = list = [];
        }

        list.Add((record, firstKey));
        if (inBatch)
        {
            _namesAddedInBatch.Add(key);
        }
    }

    private static string NameKey(string companyKey, string lastKey) => companyKey + "\u001f" + lastKey;

    public override void BatchCommitted()
    {
        base.BatchCommitted();
        _byEmail.Committed();
        _byPhone.Committed();
        _companies.Committed();
        _namesAddedInBatch.Clear();
    }

    public override void BatchRolledBack()
    {
        base.BatchRolledBack();
        _created.Clear();
        _byEmail.RolledBack();
        _byPhone.RolledBack();
        _companies.RolledBack();
        foreach (var key in _namesAddedInBatch)
        {
            var list = _byName[key];
            list.RemoveAt(list.Count - 1);
        }

        _namesAddedInBatch.Clear();
    }
}
