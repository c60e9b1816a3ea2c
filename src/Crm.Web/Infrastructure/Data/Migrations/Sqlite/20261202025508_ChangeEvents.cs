using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChangeEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CorrelationId",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Entries written before change events: the kind follows the entity type; the source is the best guess left
            // (merges wrote their own entries, a user means a page, no user a job).
            migrationBuilder.Sql(
                "UPDATE AuditEntries SET Kind = CASE EntityType WHEN 'Contact' THEN 'contacts' WHEN 'Company' THEN 'companies' " +
                "WHEN 'Activity' THEN 'activities' ELSE LOWER(EntityType) END, " +
                "Source = CASE WHEN Action = 'Merged' THEN 'Merge' WHEN UserId IS NULL THEN 'System' ELSE 'Form' END");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CorrelationId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "AuditEntries");
        }
    }
}
