using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// Creates tickets through the <see cref="TicketDesk"/> (numbered, SLA started, the description as the customer's
/// first message) and edits them through the kit's versioned save; a change of status or priority goes through the
/// desk so the SLA clock hears of it. The contact, company, assignee and queue posted are checked against what the
/// user may see and assign, never trusted.
/// </summary>
public sealed class TicketEditor(
    CrmDbContext db,
    TicketDesk desk,
    RecordChoices choices,
    TagNames tagNames,
    RecordHistory history,
    IStringLocalizer<SharedResource> l) : IRecordEditor<TicketForm>
{
    public const int ContactChoiceCount = 200;

    public RecordEditorTexts Texts { get; } = new("New ticket", "Create ticket", "Ticket created.", "This ticket may already exist:");

    /// <summary>A new ticket in the user's queue; from a contact's page (?contactId=7) or a company's (?companyId=3), about them.</summary>
    public TicketForm New(CrmUser user, IQueryCollection query) => new()
    {
        ContactId = int.TryParse(query["contactId"], out var contact) ? contact : null,
        CompanyId = int.TryParse(query["companyId"], out var company) ? company : null,
        TeamId = user.TeamId,
        Subject = query["name"].FirstOrDefault() is { Length: > 0 and <= Ticket.MaxSubjectLength } name ? name : null,
    };

    public string NameOf(TicketForm form) => form.Subject ?? string.Empty;

    public async Task<Outcome<TicketForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var ticket = await Tickets(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return RecordEditing.Refuses(ticket, user, out var refused) ? refused : Outcome.Done(TicketForm.From(ticket));
    }

    public async Task<Outcome<int>> CreateAsync(TicketForm form, CrmUser user, CancellationToken ct)
    {
        var errors = await CheckAsync(form, null, user, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        var (_, ownerTeam) = await choices.CheckOwnerAsync<Ticket>(form.OwnerId, user, ct);
        var contactEmail = form.ContactId is int contactId ? await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Email).FirstOrDefaultAsync(ct) : null;
        var ticket = await desk.OpenAsync(
            new NewTicket(form.Subject!.Trim(), form.Description, form.Channel)
            {
                Priority = form.Priority,
                ContactId = form.ContactId,
                CompanyId = form.CompanyId,
                Category = form.Category,
                OwnerId = string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId,
                TeamId = form.TeamId ?? ownerTeam,
                From = contactEmail,
            },
            ct);
        var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
        if (tags.Count > 0)
        {
            ApplyTags(ticket, tags);
            await db.SaveChangesAsync(ct);
        }

        return Outcome.Done(ticket.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, TicketForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Tickets(user).FirstOrDefaultAsync(t => t.Id == id, ct), form.Version, user,
            async ticket =>
            {
                var errors = await CheckAsync(form, ticket, user, ct);
                if (errors.Count > 0)
                {
                    return errors;
                }

                ticket.Subject = form.Subject!.Trim();
                ticket.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
                ticket.ContactId = form.ContactId;
                ticket.CompanyId = form.CompanyId;
                ticket.Channel = form.Channel;
                ticket.Category = string.IsNullOrWhiteSpace(form.Category) ? null : form.Category.Trim();
                ticket.OwnerId = string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId;
                ticket.TeamId = form.TeamId;
                await desk.ChangeAsync(ticket, form.Status, form.Priority, ct);
                ApplyTags(ticket, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
                return errors;
            }, ct);

    public async Task<RecordFormChoices> ChoicesAsync(TicketForm form, int? id, CrmUser user, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().VisibleTo(user)
            .Where(c => (form.CompanyId != null && c.CompanyId == form.CompanyId) || c.Id == form.ContactId)
            .OrderBy(c => c.SortName).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email })
            .Take(ContactChoiceCount).ToListAsync(ct);
        var queues = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new RecordFormChoices(
            await choices.OwnersAsync<Ticket>(user, ct, id is null ? null : form.OwnerId),
            await choices.CompaniesAsync(user, null, form.CompanyId, null, ct),
            new TicketFormChoices(
                contacts.Select(c => new Choice(c.Id.ToString(inv), $"{c.FirstName} {c.LastName}".Trim() + (c.Email is null ? string.Empty : $" <{c.Email}>"))).ToList(),
                queues.Select(t => new Choice(t.Id.ToString(inv), t.Name)).ToList()));
    }

    private async Task<List<FieldError>> CheckAsync(TicketForm form, Ticket? ticket, CrmUser user, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();

        // A ticket keeps the contact and company it had even when the user can no longer see them; a new one must be visible.
        if (form.ContactId is int contactId && contactId != ticket?.ContactId && !await db.Contacts.VisibleTo(user).AnyAsync(c => c.Id == contactId, ct))
        {
            errors.Add(new FieldError(nameof(TicketForm.ContactId), l["Choose a contact from the list."]));
        }

        if (form.CompanyId is int companyId && companyId != ticket?.CompanyId && !await choices.CompanyIsVisibleAsync(companyId, user, ct))
        {
            errors.Add(new FieldError(nameof(TicketForm.CompanyId), l["Choose a company from the list."]));
        }

        if (form.TeamId is int teamId && teamId != ticket?.TeamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            errors.Add(new FieldError(nameof(TicketForm.TeamId), l["Choose a queue from the list."]));
        }

        var (ownerAllowed, _) = await choices.CheckOwnerAsync<Ticket>(form.OwnerId, user, ct);
        if (!ownerAllowed && form.OwnerId != ticket?.OwnerId)
        {
            errors.Add(new FieldError(nameof(TicketForm.OwnerId), l["Choose an owner from the list."]));
        }

        return errors;
    }

    private static void ApplyTags(Ticket ticket, IReadOnlyList<Tag> tags)
    {
        ticket.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !ticket.Tags.Any(link => IsSame(tag, link))))
        {
            ticket.Tags.Add(new TicketTag { Tag = tag });
        }

        static bool IsSame(Tag tag, TicketTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    private IQueryable<Ticket> Tickets(CrmUser user) => db.Tickets.VisibleTo(user).Include(t => t.Tags).ThenInclude(t => t.Tag);
}
