using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>What the rule form offers: kinds, their fields (own and related), the settable ones (custom fields too), stages, users and teams.</summary>
public sealed record WorkflowFormChoices(
    IReadOnlyList<RecordKind> Kinds,
    IReadOnlyDictionary<string, IReadOnlyList<WorkflowField>> ConditionFields,
    IReadOnlyDictionary<string, IReadOnlyList<RecordField>> SettableFields,
    IReadOnlyList<Choice> Stages,
    IReadOnlyList<Choice> Users,
    IReadOnlyList<Choice> Teams,
    IReadOnlyList<(string Kind, Choice Template)> Templates)
{
    public sealed class Loader(CrmDbContext db, RecordKinds kinds, WorkflowFields fields, CustomFields.CustomFieldStore custom)
    {
        public async Task<WorkflowFormChoices> LoadAsync(CancellationToken ct)
        {
            var stages = await db.PipelineStages.AsNoTracking().Where(s => s.RemovedAt == null)
                .OrderBy(s => s.Pipeline!.Position).ThenBy(s => s.Position)
                .Select(s => new { s.Id, Pipeline = s.Pipeline!.Name, s.Name })
                .ToListAsync(ct);
            var users = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
                .Select(u => new Choice(u.Id, u.DisplayName)).ToListAsync(ct);
            var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name)
                .Select(t => new Choice(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name)).ToListAsync(ct);
            var templates = await db.Set<EmailTemplates.MailTemplate>().AsNoTracking().OrderBy(t => t.Name)
                .Select(t => new { t.Id, t.Name, t.Kind }).ToListAsync(ct);
            var settable = new Dictionary<string, IReadOnlyList<RecordField>>();
            foreach (var kind in kinds.All)
            {
                settable[kind.Key] = [.. kind.Fields.Where(f => WorkflowFields.CanSet(kind, f)), .. await custom.DeclaredAsync(kind, ct)];
            }

            return new WorkflowFormChoices(
                kinds.All,
                kinds.All.ToDictionary(k => k.Key, k => (IReadOnlyList<WorkflowField>)fields.Conditionable(k).ToList()),
                settable,
                stages.Select(s => new Choice(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{s.Pipeline} › {s.Name}")).ToList(),
                users,
                teams,
                templates.Select(t => (t.Kind, new Choice(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name))).ToList());
        }
    }
}
