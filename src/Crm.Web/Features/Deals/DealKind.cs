using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Deals;

/// <summary>Deals as a kind of the record kit: their route, access rule, fields, search, timeline and export, declared once.</summary>
public static class DealKind
{
    public const string Key = "deals";

    public static RecordKind<Deal> Declare() => new()
    {
        Key = Key,
        Route = "/Deals",
        Singular = "Deal",
        Plural = "Deals",
        Order = 30,
        Icon = "bi-kanban",
        DeleteManyTitle = "Delete deals",
        SummaryDetail = "Company",
        Access = RecordAccessRule.CustomerRecord,
        Summary = d => new RecordSummary
        {
            Id = d.Id,
            Name = d.Name,
            Detail = d.Company != null ? d.Company.Name : null,
            OwnerId = d.OwnerId,
            TeamId = d.TeamId,
            DeletedAt = d.DeletedAt,
        },
        Search = new()
        {
            Matching = (deals, db, query) => deals.Matching(db, query),
            Order = d => d.NameKey,
            Hit = d => new RecordSearchHit
            {
                Id = d.Id,
                Name = d.Name,
                Detail1 = d.Company != null ? d.Company.Name : null,
                Detail2 = d.Stage != null ? d.Stage.Name : null,
            },
        },

        // A call logged on a deal regards it and shows on its company's timeline too.
        Timeline = RecordTimeline.Regarding<Deal>(Key, company: d => d.CompanyId),
        Fields = new RecordFields(
        [
            new(nameof(Deal.Name), "Name", FieldType.Text) { MaxLength = 200, Required = true },
            new(nameof(Deal.CompanyId), "Company", FieldType.Record) { RecordKind = Companies.CompanyKind.Key, DeletedWithRecord = true },
            new(nameof(Deal.AmountCents), "Amount", FieldType.Money) { InCents = true, CurrencyField = nameof(Deal.Currency) },
            new(nameof(Deal.Currency), "Currency", FieldType.Text) { MaxLength = 3 },
            new(nameof(Deal.AmountDefaultCents), "Amount (company currency)", FieldType.Money) { InCents = true, InHistory = false },
            new(nameof(Deal.ExpectedCloseDate), "Expected close date", FieldType.Date),
            new(nameof(Deal.Status), "Status", FieldType.Choice) { Choices = typeof(DealStatus) },
            new(nameof(Deal.ClosedAt), "Closed", FieldType.DateTime),
            new(nameof(Deal.LostReason), "Lost reason", FieldType.Text) { MaxLength = 200 },

            // Stage moves have their own history (the stage history panel), with names that outlive a removed stage.
            new(nameof(Deal.PipelineId), "Pipeline", FieldType.Number) { InHistory = false },
            new(nameof(Deal.StageId), "Stage", FieldType.Number) { InHistory = false },
            new(nameof(Deal.StageEnteredAt), "In stage since", FieldType.DateTime) { InHistory = false },
            new(nameof(Deal.Source), "Source", FieldType.Text) { MaxLength = 100 },
            new(nameof(Deal.NextStep), "Next step", FieldType.Text) { MaxLength = 200 },
            new(nameof(Deal.OwnerId), "Owner", FieldType.User) { MergeChoice = "Owner" },
            new(nameof(Deal.TeamId), "Team", FieldType.Team) { MergeChoice = "Owner" },
            new(nameof(Deal.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("company", "Company"),
            new("stage", "Stage"),
            new("amount", "Amount") { Sort = DealList.SortAmount },
            new("close", "Close date") { Sort = DealList.SortClose },
        ]),
        Export = new(
        [
            new("Id", d => d.Id, 8),
            new("Name", d => d.Name, 30),
            new("Company", d => d.Company != null ? d.Company.Name : null, 26),
            new("Pipeline", d => d.Pipeline != null ? d.Pipeline.Name : null, 18),
            new("Stage", d => d.Stage != null ? d.Stage.Name : null, 18),
            new("Status", d => d.Status, 10),
            new("Amount", d => d.AmountCents / 100.0, 14),
            new("Currency", d => d.Currency, 9),
            new("Amount (company currency)", d => d.AmountDefaultCents / 100.0, 16),
            new("Probability (%)", d => d.Stage != null ? d.Stage.Probability : 0, 10),
            new("Expected close date", d => d.ExpectedCloseDate, 14),
            new("Closed", d => d.ClosedAt, 18),
            new("Lost reason", d => d.LostReason, 24),
            new("Source", d => d.Source, 16),
            new("Next step", d => d.NextStep, 28),
            new("Owner", d => d.Owner != null ? d.Owner.DisplayName : null, 22),
            new("Team", d => d.Team != null ? d.Team.Name : null, 14),
            ExportField.Tags<Deal>("Tags", 24),
            new("Created", d => d.CreatedAt, 18),
            new("Last activity", d => d.LastActivityAt, 18),
        ]),
    };
}
