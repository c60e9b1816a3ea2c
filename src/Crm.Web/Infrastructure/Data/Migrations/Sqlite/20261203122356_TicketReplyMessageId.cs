using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketReplyMessageId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MessageId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 250,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "Outbox");
        }
    }
}
