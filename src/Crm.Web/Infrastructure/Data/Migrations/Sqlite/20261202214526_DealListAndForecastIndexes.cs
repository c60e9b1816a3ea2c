using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DealListAndForecastIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_ClosedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_ExpectedCloseDate",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_ClosedAt_OwnerId_AmountDefaultCents_DeletedAt",
                table: "Deals",
                columns: new[] { "Status", "ClosedAt", "OwnerId", "AmountDefaultCents", "DeletedAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_ExpectedCloseDate_OwnerId_StageId_AmountDefaultCents_DeletedAt",
                table: "Deals",
                columns: new[] { "Status", "ExpectedCloseDate", "OwnerId", "StageId", "AmountDefaultCents", "DeletedAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_NameKey_Id",
                table: "Deals",
                columns: new[] { "Status", "NameKey", "Id" },
                filter: "DeletedAt IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_ClosedAt_OwnerId_AmountDefaultCents_DeletedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_ExpectedCloseDate_OwnerId_StageId_AmountDefaultCents_DeletedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_NameKey_Id",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_ClosedAt",
                table: "Deals",
                columns: new[] { "Status", "ClosedAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_ExpectedCloseDate",
                table: "Deals",
                columns: new[] { "Status", "ExpectedCloseDate" },
                filter: "DeletedAt IS NULL");
        }
    }
}
