using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SlaWarningsAndBreachReassign : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseWarnAt",
                table: "Tickets",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionWarnAt",
                table: "Tickets",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BreachOwnerId",
                table: "SlaPolicies",
                type: "nvarchar(450)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BreachTeamId",
                table: "SlaPolicies",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Status_FirstResponseDueAt",
                table: "Tickets",
                columns: new[] { "Status", "FirstResponseDueAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Status_FirstResponseWarnAt",
                table: "Tickets",
                columns: new[] { "Status", "FirstResponseWarnAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Status_ResolutionWarnAt",
                table: "Tickets",
                columns: new[] { "Status", "ResolutionWarnAt" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_BreachOwnerId",
                table: "SlaPolicies",
                column: "BreachOwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_BreachTeamId",
                table: "SlaPolicies",
                column: "BreachTeamId");

            migrationBuilder.AddForeignKey(
                name: "FK_SlaPolicies_AspNetUsers_BreachOwnerId",
                table: "SlaPolicies",
                column: "BreachOwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_SlaPolicies_Teams_BreachTeamId",
                table: "SlaPolicies",
                column: "BreachTeamId",
                principalTable: "Teams",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SlaPolicies_AspNetUsers_BreachOwnerId",
                table: "SlaPolicies");

            migrationBuilder.DropForeignKey(
                name: "FK_SlaPolicies_Teams_BreachTeamId",
                table: "SlaPolicies");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Status_FirstResponseDueAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Status_FirstResponseWarnAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Status_ResolutionWarnAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_SlaPolicies_BreachOwnerId",
                table: "SlaPolicies");

            migrationBuilder.DropIndex(
                name: "IX_SlaPolicies_BreachTeamId",
                table: "SlaPolicies");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarnAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ResolutionWarnAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "BreachOwnerId",
                table: "SlaPolicies");

            migrationBuilder.DropColumn(
                name: "BreachTeamId",
                table: "SlaPolicies");
        }
    }
}
