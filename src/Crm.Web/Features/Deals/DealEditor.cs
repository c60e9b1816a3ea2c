using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>What the deal form picks from beyond owners and companies.</summary>
public sealed record DealFormChoices(
    IReadOnlyList<PipelineInfo> Pipelines,
    IReadOnlyList<Choice> Contacts,
    IReadOnlyList<ProductChoice> Products,
    IReadOnlyList<string> Currencies);

public sealed record ProductChoice(int Id, string Name, string? Code, decimal UnitPrice, decimal VatRate);

/// <summary>
/// Creates and edits deals for the shared record editor. A stage change, a win, a loss or a reopening goes through the
/// deal's own moves, so the stage history records every one; edit carries the version the form was loaded with.
/// </summary>
public sealed class DealEditor(
    CrmDbContext db,
    RecordChoices choices,
    TagNames tagNames,
    RecordHistory history,
    PipelineCatalog pipelines,
    CurrencyRates rates,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : IRecordEditor<DealForm>
{
    public const int ContactChoiceCount = 200;

    public RecordEditorTexts Texts { get; } = new("New deal", "Create deal", "Deal created.", "This deal may already exist:");

    public DealForm New(CrmUser user, IQueryCollection query)
    {
        int? Int(string key) => int.TryParse(query[key], out var value) ? value : null;
        return new DealForm
        {
            OwnerId = user.Id,
            CompanyId = Int("companyId"),
            StageId = Int("stageId"),
            Contacts = Int("contactId") is int contact ? [new DealForm.ContactInput { ContactId = contact }] : [],
        };
    }

    public string NameOf(DealForm form) => form.Name ?? string.Empty;

    public async Task<Outcome<DealForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var deal = await Deals(user).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return RecordEditing.Refuses(deal, user, out var refused) ? refused : Outcome.Done(DealForm.From(deal));
    }

    public async Task<Outcome<int>> CreateAsync(DealForm form, CrmUser user, CancellationToken ct)
    {
        var deal = new Deal();
        var errors = await CheckAndApplyAsync(form, deal, user, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        db.Deals.Add(deal);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(deal.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, DealForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Deals(user).FirstOrDefaultAsync(d => d.Id == id, ct), form.Version, user,
            async deal => await CheckAndApplyAsync(form, deal, user, ct), ct);

    public async Task<RecordFormChoices> ChoicesAsync(DealForm form, int? id, CrmUser user, CancellationToken ct)
    {
        var contacts = db.Contacts.AsNoTracking().VisibleTo(user);
        var chosen = form.FilledContacts.Select(c => c.ContactId!.Value).ToList();
        var contactRows = await contacts
            .Where(c => (form.CompanyId != null && c.CompanyId == form.CompanyId) || chosen.Contains(c.Id))
            .OrderBy(c => c.SortName).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.JobTitle })
            .Take(ContactChoiceCount).ToListAsync(ct);
        var products = await db.Products.AsNoTracking()
            .Where(p => p.Active || form.Lines.Select(line => line.ProductId).Contains(p.Id))
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.Code, p.UnitPriceCents, p.VatRate })
            .Take(500).ToListAsync(ct);
        var own = new DealFormChoices(
            await pipelines.AllAsync(ct),
            contactRows.Select(c => new Choice(
                c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{c.FirstName} {c.LastName}".Trim() + (c.JobTitle is null ? string.Empty : $" ({c.JobTitle})"))).ToList(),
            products.Select(p => new ProductChoice(p.Id, p.Name, p.Code, Money.FromCents(p.UnitPriceCents), p.VatRate)).ToList(),
            await rates.UsableAsync(ct));
        return new RecordFormChoices(
            await choices.OwnersAsync<Deal>(user, ct, id is null ? null : form.OwnerId),
            await choices.CompaniesAsync(user, null, form.CompanyId, null, ct),
            own);
    }

    /// <summary>Checks the form against the database and, when nothing is wrong, applies it to the deal (new or loaded).</summary>
    private async Task<IReadOnlyList<FieldError>> CheckAndApplyAsync(DealForm form, Deal deal, CrmUser user, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();
        var isNew = deal.Id == 0;

        var stageId = form.StageId ?? (isNew ? (await pipelines.FirstStageAsync(ct))?.Id : deal.StageId);
        var stage = stageId is int wanted
            ? await db.PipelineStages.FirstOrDefaultAsync(s => s.Id == wanted && (s.RemovedAt == null || s.Id == deal.StageId), ct)
            : null;
        if (stage is null)
        {
            errors.Add(new FieldError(nameof(DealForm.StageId), l["Choose a stage from the list."]));
        }
        else if (!isNew && stage.Id != deal.StageId && deal.Status != DealStatus.Open && form.Status != DealStatus.Open)
        {
            errors.Add(new FieldError(nameof(DealForm.StageId), l["Reopen the deal before moving it to another stage."]));
        }

        if (form.CompanyId is int companyId && companyId != deal.CompanyId && !await choices.CompanyIsVisibleAsync(companyId, user, ct))
        {
            errors.Add(new FieldError(nameof(DealForm.CompanyId), l["Choose a company from the list."]));
        }

        var contactIds = form.FilledContacts.Select(c => c.ContactId!.Value).Distinct().ToList();
        var kept = deal.Contacts.Select(c => c.ContactId).ToList();
        var newContacts = contactIds.Except(kept).ToList();
        if (newContacts.Count > 0 && await db.Contacts.AsNoTracking().VisibleTo(user).CountAsync(c => newContacts.Contains(c.Id), ct) != newContacts.Count)
        {
            errors.Add(new FieldError(nameof(DealForm.Contacts), l["Choose contacts from the list."]));
        }

        var productIds = form.FilledLines.Where(x => x.ProductId is not null).Select(x => x.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var formerProducts = deal.Lines.Where(x => x.ProductId is not null).Select(x => x.ProductId!.Value).ToHashSet();
        for (var i = 0; i < form.Lines.Count; i++)
        {
            if (form.Lines[i].ProductId is int productId && (!products.TryGetValue(productId, out var product) || (!product.Active && !formerProducts.Contains(productId))))
            {
                errors.Add(new FieldError($"{nameof(DealForm.Lines)}[{i}].{nameof(DealForm.LineInput.ProductId)}", l["Choose a product from the catalogue."]));
            }
        }

        var currency = string.IsNullOrEmpty(form.Currency) ? await rates.DefaultAsync(ct) : form.Currency;
        var rate = Money.IsCode(currency) ? await rates.RateAsync(currency, ct) : null;
        if (rate is null && Money.IsCode(currency))
        {
            errors.Add(new FieldError(nameof(DealForm.Currency), l["No exchange rate is kept for {0}: an admin adds it under Pipelines and currencies.", currency]));
        }

        var (ownerAllowed, ownerTeam) = await choices.CheckOwnerAsync<Deal>(form.OwnerId, user, ct);
        if (!ownerAllowed && form.OwnerId != deal.OwnerId)
        {
            errors.Add(new FieldError(nameof(DealForm.OwnerId), l["Choose an owner from the list."]));
        }
        else if (!ownerAllowed)
        {
            ownerTeam = await choices.TeamOfAsync(deal.OwnerId, ct);
        }

        if (errors.Count > 0 || stage is null || rate is null)
        {
            return errors;
        }

        deal.Name = form.Name?.Trim() ?? string.Empty;
        deal.CompanyId = form.CompanyId;
        deal.Currency = currency;
        deal.ExpectedCloseDate = form.ExpectedCloseDate;
        deal.Source = Blank(form.Source);
        deal.NextStep = Blank(form.NextStep);
        deal.AssignTo(string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId, ownerTeam);
        ApplyTags(deal, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
        ApplyContacts(deal, form);
        ApplyLines(deal, form, products);
        deal.SetAmount(form.Amount ?? 0m, rate.Value);

        var now = clock.GetUtcNow().UtcDateTime;
        if (isNew)
        {
            deal.Start(stage, user.Id, now);
        }
        else if (deal.Status != DealStatus.Open && form.Status == DealStatus.Open)
        {
            deal.Reopen(user.Id, now);
        }

        deal.MoveTo(stage, user.Id, now);
        _ = form.Status switch
        {
            DealStatus.Won => deal.Win(user.Id, now),
            DealStatus.Lost => deal.Lose(form.LostReason!, user.Id, now),
            _ => DealMoveResult.Unchanged,
        };
        return errors;
    }

    private static void ApplyTags(Deal deal, IReadOnlyList<Tag> tags)
    {
        deal.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !deal.Tags.Any(link => IsSame(tag, link))))
        {
            deal.Tags.Add(new DealTag { Tag = tag });
        }

        static bool IsSame(Tag tag, DealTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    private static void ApplyContacts(Deal deal, DealForm form)
    {
        var wanted = form.FilledContacts.GroupBy(c => c.ContactId!.Value).ToDictionary(g => g.Key, g => g.First().Role);
        deal.Contacts.RemoveAll(c => !wanted.ContainsKey(c.ContactId));
        foreach (var (contactId, role) in wanted)
        {
            if (deal.Contacts.FirstOrDefault(c => c.ContactId == contactId) is { } link)
            {
                link.Role = role;
            }
            else
            {
                deal.Contacts.Add(new DealContact { ContactId = contactId, Role = role });
            }
        }
    }

    /// <summary>The lines as typed, in order; a product fills in what the line leaves blank (name, price, VAT rate).</summary>
    private static void ApplyLines(Deal deal, DealForm form, IReadOnlyDictionary<int, Products.Product> products)
    {
        deal.Lines.Clear();
        var position = 0;
        foreach (var input in form.FilledLines)
        {
            var product = input.ProductId is int id ? products[id] : null;
            var line = new DealLine
            {
                Position = position++,
                ProductId = product?.Id,
                Name = Blank(input.Name) ?? product!.Name,
                Quantity = input.Quantity!.Value,
                UnitPriceCents = input.UnitPrice is decimal price ? Money.ToCents(price) : product?.UnitPriceCents ?? 0,
                DiscountPercent = input.Discount ?? 0m,
                VatRate = input.VatRate ?? product?.VatRate ?? 0m,
            };
            line.Compute();
            deal.Lines.Add(line);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private IQueryable<Deal> Deals(CrmUser user) =>
        db.Deals.VisibleTo(user)
            .Include(d => d.Tags).ThenInclude(t => t.Tag)
            .Include(d => d.Lines)
            .Include(d => d.Contacts)
            .AsSplitQuery();
}
