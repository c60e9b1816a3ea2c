using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// Merges records <see cref="Form.A"/> and <see cref="Form.B"/> of a kind into the one the user keeps: each choice of
/// the kind's declared fields takes the value picked, the kind's merge part unions and moves what is its own, the other
/// record goes to the recycle bin marked merged into the kept one; custom values the kept record lacks are copied from
/// the other. One transaction; refused when either record changed since the preview.
/// </summary>
public static class MergeRecords
{
    /// <summary>The pair and the record kept; each choice ("{Choice}From") names the record (A or B) whose values it takes.</summary>
    public sealed record Form(int A, int B, int VersionA, int VersionB, int Keep);

    public sealed class Handler(CrmDbContext db, TimeProvider clock, ChangeScope changes)
    {
        /// <summary>Done with the kept record's id; a conflict when either record changed since the preview.</summary>
        /// <param name="posted">The posted value of a form field by name: only the kind's declared choices are read.</param>
        public Task<Outcome<int>> Handle(RecordKind kind, Form form, Func<string, string?> posted, CrmUser user, CancellationToken ct) =>
            kind.Accept(new Visitor(this, form, posted, user, ct));

        private sealed class Visitor(Handler handler, Form form, Func<string, string?> posted, CrmUser user, CancellationToken ct)
            : IRecordKindVisitor<Task<Outcome<int>>>
        {
            public Task<Outcome<int>> Visit<T>(RecordKind<T> kind)
                where T : class, IRecord<T>
            {
                if (kind.Merge is not { } part)
                {
                    return Task.FromResult<Outcome<int>>(Outcome.NotFound);
                }

                var declared = part.Choices(kind.Fields);
                var choices = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var choice in declared)
                {
                    if (int.TryParse(posted(choice.FormName), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                    {
                        choices[choice.Name] = id;
                    }
                }

                int[] pair = [form.A, form.B];
                if (form.A == form.B || !pair.Contains(form.Keep)
                    || declared.Any(c => !choices.TryGetValue(c.Name, out var from) || !pair.Contains(from)))
                {
                    return Task.FromResult<Outcome<int>>(Outcome.Invalid([]));
                }

                return handler.RunAsync(token => handler.MergeAsync(kind, part, declared, form, choices, user, token), ct);
            }
        }

        private Task<Outcome<int>> RunAsync(Func<CancellationToken, Task<Outcome<int>>> merge, CancellationToken ct) =>
            MergeTransaction.RunAsync(db, changes, merge, r => r.IsDone, ct);

        private async Task<Outcome<int>> MergeAsync<T>(
            RecordKind<T> kind, RecordMerge<T> part, IReadOnlyList<MergeChoice> declared, Form form, IReadOnlyDictionary<string, int> choices, CrmUser user, CancellationToken ct)
            where T : class, IRecord<T>
        {
            var pair = await part.Including(db.Set<T>().VisibleTo(user))
                .Where(r => r.Id == form.A || r.Id == form.B)
                .ToListAsync(ct);
            if (pair.Count != 2)
            {
                return Outcome.NotFound;
            }

            if (!pair.All(user.CanEdit<T>))
            {
                return Outcome.Forbidden;
            }

            var a = pair.Single(r => r.Id == form.A);
            var b = pair.Single(r => r.Id == form.B);
            if (a.Version != form.VersionA || b.Version != form.VersionB)
            {
                return Outcome.Conflicted();
            }

            var (survivor, merged) = form.Keep == a.Id ? (a, b) : (b, a);
            var now = clock.GetUtcNow().UtcDateTime;
            var audit = new MergeAudit(kind.AuditType, survivor.Id, merged.Id);
            foreach (var choice in declared)
            {
                var from = choices[choice.Name] == a.Id ? a : b;
                foreach (var field in choice.Fields)
                {
                    var value = MergeFields.Get(from, field.Name);
                    audit.Took(field.Name, MergeFields.Raw(MergeFields.Get(survivor, field.Name)), MergeFields.Raw(value));
                    MergeFields.Set(db, survivor, field.Name, value);
                }
            }

            await part.Move(new MergeStep<T>(db, survivor, merged, now, audit), ct);
            await CustomFields.CustomFieldStore.CarryOverAsync(db, kind.Key, survivor.Id, merged.Id, audit, ct);

            // Not Remove(): that would cascade to what stays on the merged-away record, which is kept for a restore.
            merged.DeletedAt = now;
            db.AuditEntries.AddRange(audit.Entries(user.Id, now));

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome.Conflicted();
            }

            return Outcome.Done(survivor.Id);
        }
    }
}
