using Crm.Web.Features.Deals;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Campaigns;

/// <summary>Creates and edits campaigns for the shared record editor; the owner and template posted are checked, never trusted.</summary>
public sealed class CampaignEditor(
    CrmDbContext db,
    RecordChoices choices,
    TagNames tagNames,
    RecordHistory history,
    IStringLocalizer<SharedResource> l) : IRecordEditor<CampaignForm>
{
    public RecordEditorTexts Texts { get; } = new("New campaign", "Create campaign", "Campaign created.", "This campaign may already exist:");

    public CampaignForm New(CrmUser user, IQueryCollection query) => new()
    {
        OwnerId = user.Id,
        Name = query["name"].FirstOrDefault() is { Length: > 0 and <= Campaign.MaxNameLength } name ? name : null,
    };

    public string NameOf(CampaignForm form) => form.Name ?? string.Empty;

    public async Task<Outcome<CampaignForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var campaign = await Campaigns(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return RecordEditing.Refuses(campaign, user, out var refused) ? refused : Outcome.Done(CampaignForm.From(campaign));
    }

    public async Task<Outcome<int>> CreateAsync(CampaignForm form, CrmUser user, CancellationToken ct)
    {
        var campaign = new Campaign();
        var errors = await CheckAndApplyAsync(form, campaign, user, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(campaign.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, CampaignForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Campaigns(user).FirstOrDefaultAsync(c => c.Id == id, ct), form.Version, user,
            async campaign => await CheckAndApplyAsync(form, campaign, user, ct), ct);

    public async Task<RecordFormChoices> ChoicesAsync(CampaignForm form, int? id, CrmUser user, CancellationToken ct) =>
        new(
            await choices.OwnersAsync<Campaign>(user, ct, id is null ? null : form.OwnerId),
            [],
            new CampaignFormChoices(await TemplatesAsync(db, ct)));

    /// <summary>The templates a campaign may send: those about campaigns, by name.</summary>
    public static async Task<IReadOnlyList<Choice>> TemplatesAsync(CrmDbContext db, CancellationToken ct) =>
        (await db.Set<MailTemplate>().AsNoTracking().Where(t => t.Kind == CampaignKind.Key).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => new Choice(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name)).ToList();

    private async Task<IReadOnlyList<FieldError>> CheckAndApplyAsync(CampaignForm form, Campaign campaign, CrmUser user, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();
        if (form.MailTemplateId is int templateId && templateId != campaign.MailTemplateId
            && !await db.Set<MailTemplate>().AnyAsync(t => t.Id == templateId && t.Kind == CampaignKind.Key, ct))
        {
            errors.Add(new FieldError(nameof(CampaignForm.MailTemplateId), l["Choose a template from the list."]));
        }

        var (ownerAllowed, ownerTeam) = await choices.CheckOwnerAsync<Campaign>(form.OwnerId, user, ct);
        if (!ownerAllowed && form.OwnerId != campaign.OwnerId)
        {
            errors.Add(new FieldError(nameof(CampaignForm.OwnerId), l["Choose an owner from the list."]));
        }
        else if (!ownerAllowed)
        {
            ownerTeam = await choices.TeamOfAsync(campaign.OwnerId, ct);
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        campaign.Name = form.Name?.Trim() ?? string.Empty;
        campaign.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        campaign.Type = form.Type;
        campaign.Status = form.Status;
        campaign.StartDate = form.StartDate;
        campaign.EndDate = form.EndDate;
        campaign.BudgetCents = Money.ToCents(form.Budget ?? 0);
        campaign.ExpectedRevenueCents = Money.ToCents(form.ExpectedRevenue ?? 0);
        campaign.MailTemplateId = form.MailTemplateId;
        campaign.AssignTo(string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId, ownerTeam);
        ApplyTags(campaign, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
        return errors;
    }

    private static void ApplyTags(Campaign campaign, IReadOnlyList<Tag> tags)
    {
        campaign.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !campaign.Tags.Any(link => IsSame(tag, link))))
        {
            campaign.Tags.Add(new CampaignTag { Tag = tag });
        }

        static bool IsSame(Tag tag, CampaignTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    private IQueryable<Campaign> Campaigns(CrmUser user) => db.Campaigns.VisibleTo(user).Include(c => c.Tags).ThenInclude(t => t.Tag);
}
