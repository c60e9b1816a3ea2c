using System.Globalization;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>What contact and company imports share: tags, owners, the acting user and the pending records of a batch.</summary>
public abstract class RowImporterBase(CrmDbContext db, IStringLocalizer l, ImportRowParser parser)
{
    /// <summary>The kind of record the importer writes, whose access rule applies.</summary>
    protected abstract RecordKind Kind { get; }

    protected CrmDbContext Db { get; } = db;
    protected IStringLocalizer L { get; } = l;
    protected ImportRowParser Parser { get; } = parser;
    protected CrmUser User { get; private set; } = null!;
    protected DuplicateHandling Duplicates { get; private set; }

    private readonly Lookup<Tag> _tags = new();
    private readonly Dictionary<string, ImportOwner> _owners = new(StringComparer.Ordinal);
    private readonly List<Action> _onCommit = [];

    protected async Task LoadSharedAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct)
    {
        User = user;
        Duplicates = duplicates;
        await foreach (var tag in Db.Tags.AsNoTracking().Select(t => new { t.Id, t.NameKey }).AsAsyncEnumerable().WithCancellation(ct))
        {
            _tags.Load(tag.NameKey, new KnownRecord<Tag>(tag.Id, null, true));
        }

        if (Parser.Maps(ImportFields.Owner))
        {
            var owners = await Db.Users.AsNoTracking().Where(u => u.IsActive && u.Email != null)
                .Select(u => new { u.Id, u.Email, u.TeamId }).ToListAsync(ct);
            foreach (var owner in owners)
            {
                _owners.TryAdd(SearchKey.NormalizeEmail(owner.Email), new ImportOwner(owner.Id, owner.TeamId));
            }
        }
    }

    /// <summary>The owner a row names, or the importing user; adds an error when the row names someone the user may not assign to.</summary>
    protected ImportOwner? ResolveOwner(string? ownerEmail, List<string> errors)
    {
        if (ownerEmail is null)
        {
            return new ImportOwner(User.Id, User.TeamId);
        }

        if (!_owners.TryGetValue(SearchKey.NormalizeEmail(ownerEmail), out var owner))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["No active user has the email \"{0}\"."], ownerEmail));
            return null;
        }

        // Sales users hand records only to themselves or their team, as on the edit form.
        if (Kind.Access.EditScope(User) != AccessScope.All && owner.Id != User.Id && (User.TeamId is null || owner.TeamId != User.TeamId))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["You may assign records only to yourself or your team (\"{0}\")."], ownerEmail));
            return null;
        }

        return owner;
    }

    /// <summary>The tag of that name, created in this batch if no tag has it yet.</summary>
    protected KnownRecord<Tag> TagFor(string name)
    {
        var key = SearchKey.Normalize(name);
        if (_tags.Find(key) is { } known)
        {
            return known;
        }

        var tag = Tag.Create(name);
        Db.Tags.Add(tag);
        var record = new KnownRecord<Tag>(0, tag, true);
        _tags.Register(key, record);
        AfterCommit(() => { record.Id = tag.Id; record.Entity = null; });
        return record;
    }

    /// <summary>Runs when the batch commits: records created in it drop their entity and keep their id.</summary>
    protected void AfterCommit(Action action) => _onCommit.Add(action);

    public virtual void BatchCommitted()
    {
        _onCommit.ForEach(a => a());
        _onCommit.Clear();
        _tags.Committed();
    }

    public virtual void BatchRolledBack()
    {
        _onCommit.Clear();
        _tags.RolledBack();
    }
}
