using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CustomFieldsVisibilityAndRecycleBin : Migration
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
                name: "LeadSource",
                table: "Contacts",
                type: "nvarchar(100)",
                maxLength: 100,
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

            migrationBuilder.CreateTable(
                name: "CustomFields",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    LabelEn = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    LabelFr = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HelpEn = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    HelpFr = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Required = table.Column<bool>(type: "bit", nullable: false),
                    DefaultValue = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    ChoicesJson = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    Position = table.Column<int>(type: "int", nullable: false),
                    SectionEn = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    SectionFr = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFields", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KindVisibilities",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Level = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KindVisibilities", x => x.Kind);
                });

            migrationBuilder.CreateTable(
                name: "CustomFieldValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FieldId = table.Column<int>(type: "int", nullable: false),
                    RecordId = table.Column<int>(type: "int", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    TextKey = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Number = table.Column<double>(type: "float", nullable: true),
                    Date = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomFieldValues_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_CustomFields_Kind_DeletedAt_Position",
                table: "CustomFields",
                columns: new[] { "Kind", "DeletedAt", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFields_Kind_Key",
                table: "CustomFields",
                columns: new[] { "Kind", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_FieldId_Date_RecordId",
                table: "CustomFieldValues",
                columns: new[] { "FieldId", "Date", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_FieldId_Number_RecordId",
                table: "CustomFieldValues",
                columns: new[] { "FieldId", "Number", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_FieldId_TextKey_RecordId",
                table: "CustomFieldValues",
                columns: new[] { "FieldId", "TextKey", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_RecordId_FieldId",
                table: "CustomFieldValues",
                columns: new[] { "RecordId", "FieldId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomFieldValues");

            migrationBuilder.DropTable(
                name: "KindVisibilities");

            migrationBuilder.DropTable(
                name: "CustomFields");

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
                name: "LeadSource",
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
