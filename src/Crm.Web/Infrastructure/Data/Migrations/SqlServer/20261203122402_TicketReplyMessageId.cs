using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
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
                type: "nvarchar(250)",
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
