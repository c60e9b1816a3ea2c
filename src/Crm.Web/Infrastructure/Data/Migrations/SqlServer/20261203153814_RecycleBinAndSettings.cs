using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RecycleBinAndSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Tickets",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Tasks",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseCompanyHours",
                table: "SlaPolicies",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "BusinessHours",
                table: "OrganisationSettings",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FiscalYearStartMonth",
                table: "OrganisationSettings",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "RecycleBinRetentionDays",
                table: "OrganisationSettings",
                type: "int",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "OrganisationSettings",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Deals",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Contacts",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Companies",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedWith",
                table: "Activities",
                type: "nvarchar(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_DeletedWith",
                table: "Tickets",
                column: "DeletedWith");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_DeletedWith",
                table: "Tasks",
                column: "DeletedWith");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DeletedWith",
                table: "Deals",
                column: "DeletedWith");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_DeletedWith",
                table: "Contacts",
                column: "DeletedWith");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_DeletedWith",
                table: "Companies",
                column: "DeletedWith");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_DeletedWith",
                table: "Activities",
                column: "DeletedWith");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_DeletedWith",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_DeletedWith",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Deals_DeletedWith",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_DeletedWith",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Companies_DeletedWith",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Activities_DeletedWith",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "UseCompanyHours",
                table: "SlaPolicies");

            migrationBuilder.DropColumn(
                name: "BusinessHours",
                table: "OrganisationSettings");

            migrationBuilder.DropColumn(
                name: "FiscalYearStartMonth",
                table: "OrganisationSettings");

            migrationBuilder.DropColumn(
                name: "RecycleBinRetentionDays",
                table: "OrganisationSettings");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "OrganisationSettings");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "DeletedWith",
                table: "Activities");
        }
    }
}
