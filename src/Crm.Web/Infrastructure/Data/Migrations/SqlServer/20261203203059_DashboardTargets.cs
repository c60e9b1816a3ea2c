using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DashboardTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SalesTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    SetById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SalesTargets_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ResolvedAt_Id",
                table: "Tickets",
                columns: new[] { "ResolvedAt", "Id" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_Month_UserId",
                table: "SalesTargets",
                columns: new[] { "Month", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_SalesTargets_UserId_Month",
                table: "SalesTargets",
                columns: new[] { "UserId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SalesTargets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_ResolvedAt_Id",
                table: "Tickets");
        }
    }
}
