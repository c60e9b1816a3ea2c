using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivitiesRegardingAnyRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RecordId",
                table: "Activities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordKind",
                table: "Activities",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Activities_RecordKind_RecordId_OccurredAt_Id",
                table: "Activities",
                columns: new[] { "RecordKind", "RecordId", "OccurredAt", "Id" },
                filter: "RecordKind IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_RecordKind_RecordId_OccurredAt_Id",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "RecordId",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "RecordKind",
                table: "Activities");
        }
    }
}
