using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>/Contacts/Merge?a=&amp;b= (any kind with a merge part): both records side by side, a row per choice, and what moves.</summary>
public static class MergePreview
{
    public sealed record Side(int Id, int Version, string Name, DateTime CreatedAt, bool CanEdit);

    /// <param name="Texts">The kind's merge page texts (English resource keys).</param>
    public sealed record Model(RecordKind Kind, Texts Texts, Side A, Side B, int Keep, IReadOnlyList<MergeRow> Rows, IReadOnlyList<MergeLine> Combined)
    {
        public bool CanMerge => A.CanEdit && B.CanEdit;
    }

    public sealed record Texts(string Title, string Intro, string KeepThis, string Submit, string Done)
    {
        public static Texts Of<T>(RecordMerge<T> part)
            where T : class, IRecord<T> => new(part.Title, part.Intro, part.KeepThis, part.Submit, part.Done);
    }

    /// <summary>The merge texts of a kind that has a merge part.</summary>
    public static Texts? TextsOf(RecordKind kind) => kind.Accept(new TextsVisitor());

    private sealed class TextsVisitor : IRecordKindVisitor<Texts?>
    {
        public Texts? Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> => kind.Merge is { } part ? Texts.Of(part) : null;
    }

    public sealed class Handler(CrmDbContext db, RecordHistory history)
    {
        /// <summary>Null when the kind cannot merge, or either record does not exist or is not visible to the user.</summary>
        public Task<Model?> Handle(RecordKind kind, int a, int b, CrmUser user, CancellationToken ct) =>
            kind.Accept(new Visitor(this, a, b, user, ct));

        private sealed class Visitor(Handler handler, int a, int b, CrmUser user, CancellationToken ct) : IRecordKindVisitor<Task<Model?>>
        {
            public Task<Model?> Visit<T>(RecordKind<T> kind)
                where T : class, IRecord<T> =>
                kind.Merge is { } part && a != b ? handler.PreviewAsync(kind, part, a, b, user, ct) : Task.FromResult<Model?>(null);
        }

        private async Task<Model?> PreviewAsync<T>(RecordKind<T> kind, RecordMerge<T> part, int a, int b, CrmUser user, CancellationToken ct)
            where T : class, IRecord<T>
        {
            var records = await part.Including(db.Set<T>().AsNoTracking().VisibleTo(user))
                .Where(r => r.Id == a || r.Id == b)
                .ToListAsync(ct);
            if (records.Count != 2)
            {
                return null;
            }

            var recordA = records.Single(r => r.Id == a);
            var recordB = records.Single(r => r.Id == b);
            var choices = part.Choices(kind.Fields);

            // Both records' values, shown as the history shows them (labels, names of users and records, local dates).
            var raw = choices.SelectMany(c => c.Fields)
                .Select(f => new RecordSaveInterceptor.FieldChange(f.Name, MergeFields.Raw(MergeFields.Get(recordA, f.Name)), MergeFields.Raw(MergeFields.Get(recordB, f.Name))))
                .ToList();
            var shown = (await history.ShowAsync(kind.Key, raw, ct)).ToDictionary(s => s.Field);

            string? Value(MergeChoice choice, Func<RecordHistory.ShownChange, string?> side)
            {
                var text = string.Join(" · ", choice.Fields.Select(f => side(shown[f.Name])).Where(v => !string.IsNullOrWhiteSpace(v)));
                return text.Length == 0 ? null : text;
            }

            // By default every choice keeps A's values, unless A has none and B has some.
            bool Has(T record, MergeChoice choice) => choice.Fields.Any(f => !MergeFields.IsEmpty(MergeFields.Get(record, f.Name)));
            var rows = choices
                .Select(c => new MergeRow(c.FormName, c.Label, a, Value(c, s => s.Old), b, Value(c, s => s.New), Has(recordA, c) || !Has(recordB, c) ? a : b))
                .ToList();

            Side ToSide(T r) => new(r.Id, r.Version, kind.NameOf(r), r.CreatedAt, user.CanEdit<T>(r));
            return new Model(
                kind,
                Texts.Of(part),
                ToSide(recordA),
                ToSide(recordB),
                a,
                rows,
                await part.Combined(db, recordA, recordB, ct));
        }
    }
}
