using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardOpenTicketsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tickets_InQueue_Priority_TeamId_OwnerId",
                table: "Tickets",
                columns: new[] { "InQueue", "Priority", "TeamId", "OwnerId" },
                filter: "DeletedAt IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_InQueue_Priority_TeamId_OwnerId",
                table: "Tickets");
        }
    }
}
