using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MailSettingsAndTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MailTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubjectEn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BodyEn = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    SubjectFr = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BodyFr = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SmtpSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Host = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Port = table.Column<int>(type: "int", nullable: false),
                    Security = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Username = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    ProtectedPassword = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    From = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    FromName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SmtpSettings", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "MailTemplates",
                columns: new[] { "Id", "BodyEn", "BodyFr", "Kind", "Name", "SubjectEn", "SubjectFr", "UpdatedAt" },
                values: new object[,]
                {
                    { 1, "Hello {{contact.first_name}},\n\nThank you for your time. As promised, I am following up on our conversation: do you have any questions I can answer?\n\nBest regards,\n{{owner.name}}\n{{owner.email}}", "Bonjour {{contact.first_name}},\n\nMerci pour votre temps. Comme convenu, je reviens vers vous après notre échange : avez-vous des questions auxquelles je peux répondre ?\n\nBien cordialement,\n{{owner.name}}\n{{owner.email}}", "contacts", "Follow-up after a first contact", "Following up, {{contact.first_name}}", "Suite à notre échange, {{contact.first_name}}", new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 2, "Hello {{contact.first_name}},\n\nA few days ago I sent you our quote for {{deal.name}} ({{deal.amount}}). Have you had a chance to look at it? I am happy to go through it with you.\n\nBest regards,\n{{owner.name}}", "Bonjour {{contact.first_name}},\n\nJe vous ai envoyé il y a quelques jours notre devis pour {{deal.name}} ({{deal.amount}}). Avez-vous pu le consulter ? Je peux le parcourir avec vous si vous le souhaitez.\n\nBien cordialement,\n{{owner.name}}", "deals", "Quote follow-up", "Your quote: {{deal.name}}", "Votre devis : {{deal.name}}", new DateTime(2026, 12, 3, 0, 0, 0, 0, DateTimeKind.Utc) }
                });

            migrationBuilder.CreateIndex(
                name: "IX_MailTemplates_Name",
                table: "MailTemplates",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailTemplates");

            migrationBuilder.DropTable(
                name: "SmtpSettings");
        }
    }
}
