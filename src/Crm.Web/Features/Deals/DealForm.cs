using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>
/// What the deal form posts, for create and edit alike. Only these fields bind: the pipeline follows the stage, the
/// amount follows the lines when there are any, and times, team and history come from the server.
/// </summary>
public sealed record DealForm : IEditorForm<DealForm>, IRecordForm<Deal>
{
    public const int MaxLines = 50;
    public const int MaxContacts = 20;

    public string? Name { get; init; }

    public int? CompanyId { get; init; }

    /// <summary>The stage; left out, a new deal starts in the first stage of the first pipeline and an edited one stays where it is.</summary>
    [Display(Name = "Stage")]
    public int? StageId { get; init; }

    public DealStatus Status { get; init; } = DealStatus.Open;

    public string? LostReason { get; init; }

    /// <summary>The amount typed; ignored when the deal has lines (their total is the amount).</summary>
    [Display(Name = "Amount")]
    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public DateOnly? ExpectedCloseDate { get; init; }

    public string? Source { get; init; }

    public string? NextStep { get; init; }

    public string? OwnerId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    public List<LineInput> Lines { get; init; } = [];

    public List<ContactInput> Contacts { get; init; } = [];

    public int Version { get; init; }

    public DealForm WithVersion(int version) => this with { Version = version };

    /// <summary>A product line as typed; a line with neither product nor name is an empty row of the form, ignored.</summary>
    public sealed record LineInput
    {
        public int? ProductId { get; init; }

        [StringLength(DealLine.MaxNameLength, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Product or service")]
        public string? Name { get; init; }

        [Display(Name = "Quantity")]
        public decimal? Quantity { get; init; }

        [Display(Name = "Unit price")]
        public decimal? UnitPrice { get; init; }

        [Display(Name = "Discount (%)")]
        public decimal? Discount { get; init; }

        [Display(Name = "VAT (%)")]
        public decimal? VatRate { get; init; }

        public bool IsEmpty => ProductId is null && string.IsNullOrWhiteSpace(Name);
    }

    /// <summary>A person involved in the deal; a row without a contact is an empty row of the form, ignored.</summary>
    public sealed record ContactInput
    {
        public int? ContactId { get; init; }

        public DealContactRole Role { get; init; } = DealContactRole.DecisionMaker;
    }

    public IEnumerable<LineInput> FilledLines => Lines.Where(l => !l.IsEmpty);

    public IEnumerable<ContactInput> FilledContacts => Contacts.Where(c => c.ContactId is not null);

    /// <summary>Checks that need no database, keyed by field (a line's fields as "Lines[2].Quantity").</summary>
    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        if (!Enum.IsDefined(Status) || Contacts.Any(c => !Enum.IsDefined(c.Role)))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        if (Status == DealStatus.Lost && string.IsNullOrWhiteSpace(LostReason))
        {
            yield return (nameof(LostReason), l["Say why the deal was lost."]);
        }

        if (!string.IsNullOrEmpty(Currency) && !Money.IsCode(Currency))
        {
            yield return (nameof(Currency), l["Choose a currency from the list."]);
        }

        if (Amount is decimal amount && (amount < 0 || amount > Money.Max))
        {
            yield return (nameof(Amount), l["The amount must be between 0 and {0}.", Money.Max.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]);
        }

        if (Lines.Count > MaxLines)
        {
            yield return (nameof(Lines), l["A deal has at most {0} lines.", MaxLines]);
        }

        if (Contacts.Count > MaxContacts)
        {
            yield return (nameof(Contacts), l["A deal has at most {0} contacts.", MaxContacts]);
        }

        for (var i = 0; i < Lines.Count && i < MaxLines; i++)
        {
            var line = Lines[i];
            if (line.IsEmpty)
            {
                continue;
            }

            var at = $"{nameof(Lines)}[{i}].";
            if (string.IsNullOrWhiteSpace(line.Name) && line.ProductId is null)
            {
                yield return (at + nameof(LineInput.Name), l["Name the product or service."]);
            }

            if (line.Quantity is not decimal quantity || quantity <= 0 || quantity > 1_000_000)
            {
                yield return (at + nameof(LineInput.Quantity), l["The quantity must be more than 0."]);
            }

            if (line.UnitPrice is null && line.ProductId is null)
            {
                yield return (at + nameof(LineInput.UnitPrice), l["Give the unit price, or pick a product from the catalogue."]);
            }
            else if (line.UnitPrice is decimal price && (price < 0 || price > Money.Max))
            {
                yield return (at + nameof(LineInput.UnitPrice), l["The unit price must be between 0 and {0}.", Money.Max.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]);
            }

            if (line.Discount is decimal discount && (discount < 0 || discount > 100))
            {
                yield return (at + nameof(LineInput.Discount), l["The discount is a percentage from 0 to 100."]);
            }

            if (line.VatRate is decimal vat && (vat < 0 || vat > 100))
            {
                yield return (at + nameof(LineInput.VatRate), l["The VAT rate is a percentage from 0 to 100."]);
            }
        }

        if (FilledContacts.GroupBy(c => c.ContactId).Any(g => g.Count() > 1))
        {
            yield return (nameof(Contacts), l["Each contact is listed once."]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static DealForm From(Deal deal) => new()
    {
        Name = deal.Name,
        CompanyId = deal.CompanyId,
        StageId = deal.StageId,
        Status = deal.Status,
        LostReason = deal.LostReason,
        Amount = deal.Amount,
        Currency = deal.Currency,
        ExpectedCloseDate = deal.ExpectedCloseDate,
        Source = deal.Source,
        NextStep = deal.NextStep,
        OwnerId = deal.OwnerId,
        Tags = TagNames.Join(deal.Tags.Select(t => t.Tag!.Name)),
        Lines = deal.Lines.OrderBy(l => l.Position).Select(l => new LineInput
        {
            ProductId = l.ProductId,
            Name = l.Name,
            Quantity = l.Quantity,
            UnitPrice = Money.FromCents(l.UnitPriceCents),
            Discount = l.DiscountPercent,
            VatRate = l.VatRate,
        }).ToList(),
        Contacts = deal.Contacts.Select(c => new ContactInput { ContactId = c.ContactId, Role = c.Role }).ToList(),
        Version = deal.Version,
    };
}
