using Crm.Web.Features.Deals;

namespace Crm.Tests.Features.Deals;

/// <summary>The deal's own rules, without a database: line totals and VAT with rounding, amounts, moves, wins, losses and reopening.</summary>
public sealed class DealRulesTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static PipelineStage Stage(int id, int probability = 50) => new() { Id = id, PipelineId = 1, Probability = probability };

    private static DealLine Line(decimal quantity, decimal unitPrice, decimal discount = 0, decimal vat = 20)
    {
        var line = new DealLine { Name = "x", Quantity = quantity, UnitPriceCents = Money.ToCents(unitPrice), DiscountPercent = discount, VatRate = vat };
        line.Compute();
        return line;
    }

    [Theory]
    // 3 × 19.99 = 59.97, −10 % = 53.973 → 53.97; VAT 20 % of 53.97 = 10.794 → 10.79.
    [InlineData(3, 19.99, 10, 20, 5397, 1079)]
    // 1 × 0.25 − 50 % = 0.125 → 0.13 (half away from zero); VAT 5.5 % of 0.13 = 0.00715 → 0.01.
    [InlineData(1, 0.25, 50, 5.5, 13, 1)]
    // 2.5 days × 480 = 1,200.00; no discount; VAT 20 % = 240.00.
    [InlineData(2.5, 480, 0, 20, 120000, 24000)]
    // 100 % discount: nothing to pay, no VAT.
    [InlineData(4, 99.99, 100, 20, 0, 0)]
    // 7 × 0.01 − 33.33 % = 0.046669 → 0.05; VAT 0 %.
    [InlineData(7, 0.01, 33.33, 0, 5, 0)]
    public void A_line_is_quantity_times_unit_price_less_discount_rounded_to_the_cent_and_its_VAT_too(
        decimal quantity, decimal unitPrice, decimal discount, decimal vat, long netCents, long vatCents)
    {
        var line = Line(quantity, unitPrice, discount, vat);

        Assert.Equal(netCents, line.NetCents);
        Assert.Equal(vatCents, line.VatCents);
    }

    [Fact]
    public void A_deal_with_lines_is_worth_their_net_total_whatever_amount_was_typed_and_one_without_is_worth_the_amount_typed()
    {
        var withLines = new Deal { Lines = [Line(3, 19.99m, 10), Line(1, 0.25m, 50)] };
        withLines.SetAmount(999_999m, 1m);
        var without = new Deal();
        without.SetAmount(1234.565m, 1m);

        Assert.Equal(5397 + 13, withLines.AmountCents);
        Assert.Equal(123457, without.AmountCents);
        Assert.Equal(1234.57m, without.Amount);
    }

    [Fact]
    public void A_foreign_amount_is_converted_to_the_company_currency_exactly_at_the_rate_given()
    {
        var deal = new Deal { Currency = "USD" };

        deal.SetAmount(1000.01m, 0.92345678m);

        Assert.Equal(100001, deal.AmountCents);
        // 1,000.01 × 0.92345678 = 923.4660145678 → 923.47
        Assert.Equal(92347, deal.AmountDefaultCents);
    }

    [Fact]
    public void A_new_deal_starts_in_its_stage_with_a_first_history_entry_that_comes_from_nowhere()
    {
        var deal = new Deal();

        deal.Start(Stage(3), "u1", T0);

        var first = Assert.Single(deal.StageChanges);
        Assert.Null(first.FromStageId);
        Assert.Null(first.FromStatus);
        Assert.Equal(3, first.ToStageId);
        Assert.Equal(DealStatus.Open, first.Status);
        Assert.Equal((3, 1, T0, DealStatus.Open), (deal.StageId, deal.PipelineId, deal.StageEnteredAt, deal.Status));
    }

    [Fact]
    public void Moving_records_from_where_to_where_and_moving_to_the_same_stage_records_nothing()
    {
        var deal = new Deal();
        deal.Start(Stage(1), "u1", T0);

        Assert.Equal(DealMoveResult.Moved, deal.MoveTo(Stage(3), "u2", T0.AddDays(2)));
        Assert.Equal(DealMoveResult.Unchanged, deal.MoveTo(Stage(3), "u2", T0.AddDays(3)));

        Assert.Equal(2, deal.StageChanges.Count);
        var move = deal.StageChanges[1];
        Assert.Equal((1, DealStatus.Open, 3, "u2", T0.AddDays(2)), (move.FromStageId!.Value, move.FromStatus!.Value, move.ToStageId, move.ByUserId!, move.At));
        Assert.Equal(T0.AddDays(2), deal.StageEnteredAt);
    }

    [Fact]
    public void A_won_deal_keeps_its_stage_is_closed_and_cannot_be_moved_until_reopened()
    {
        var deal = new Deal();
        deal.Start(Stage(2), "u1", T0);

        Assert.Equal(DealMoveResult.Moved, deal.Win("u1", T0.AddDays(5)));
        Assert.Equal(DealMoveResult.Unchanged, deal.Win("u1", T0.AddDays(6)));
        Assert.Equal(DealMoveResult.Closed, deal.MoveTo(Stage(4), "u1", T0.AddDays(7)));

        Assert.Equal((DealStatus.Won, 2, T0.AddDays(5)), (deal.Status, deal.StageId, deal.ClosedAt!.Value));
        var win = deal.StageChanges[^1];
        Assert.Equal((2, DealStatus.Open, 2, DealStatus.Won), (win.FromStageId!.Value, win.FromStatus!.Value, win.ToStageId, win.Status));
        Assert.Equal(2, deal.StageChanges.Count);
    }

    [Fact]
    public void A_loss_needs_a_reason_and_reopening_clears_it_while_the_history_keeps_every_step()
    {
        var deal = new Deal();
        deal.Start(Stage(2), "u1", T0);

        Assert.Equal(DealMoveResult.ReasonMissing, deal.Lose("  ", "u1", T0.AddDays(1)));
        Assert.Equal(DealStatus.Open, deal.Status);
        Assert.Equal(DealMoveResult.Moved, deal.Lose(" Price ", "u1", T0.AddDays(2)));
        Assert.Equal(("Price", DealStatus.Lost), (deal.LostReason!, deal.Status));
        Assert.Equal(DealMoveResult.Moved, deal.Reopen("u2", T0.AddDays(9)));
        Assert.Equal(DealMoveResult.Moved, deal.MoveTo(Stage(3), "u2", T0.AddDays(10)));

        Assert.Null(deal.LostReason);
        Assert.Null(deal.ClosedAt);
        Assert.Equal(
            [(null, DealStatus.Open), (DealStatus.Open, DealStatus.Lost), (DealStatus.Lost, DealStatus.Open), (DealStatus.Open, DealStatus.Open)],
            deal.StageChanges.Select(c => (c.FromStatus, c.Status)).ToList());
        // Reopening puts the deal back in the stage it was lost from; the stage clock restarts only with the move.
        Assert.Equal(T0.AddDays(10), deal.StageEnteredAt);
    }

    [Theory]
    [InlineData(null, 10, false)]   // entered 10 days ago, no threshold: never rotting
    [InlineData(14, 10, false)]     // 10 days idle, 14 allowed
    [InlineData(7, 10, true)]       // 10 days idle, 7 allowed
    public void An_open_deal_rots_after_its_stages_days_without_activity_or_move(int? rottingDays, int idleDays, bool rotting)
    {
        var now = T0.AddDays(30);
        Assert.Equal(rotting, DealRotting.IsRotting(DealStatus.Open, rottingDays, now.AddDays(-idleDays), null, now));
        // An activity since the move restarts the clock; a closed deal never rots.
        Assert.False(DealRotting.IsRotting(DealStatus.Open, rottingDays, now.AddDays(-idleDays), now.AddDays(-1), now));
        Assert.False(DealRotting.IsRotting(DealStatus.Won, rottingDays, now.AddDays(-idleDays), null, now));
    }
}
