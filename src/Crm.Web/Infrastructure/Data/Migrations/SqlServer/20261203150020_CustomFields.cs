using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CustomFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "CustomFields");
        }
    }
}
