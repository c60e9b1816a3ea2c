using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CompanyAndContactListFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SharedWithTeamId",
                table: "SavedViews",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ListPreferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    List = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Columns = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    DefaultViewId = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListPreferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ListPreferences_SavedViews_DefaultViewId",
                        column: x => x.DefaultViewId,
                        principalTable: "SavedViews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SavedViews_SharedWithTeamId_List",
                table: "SavedViews",
                columns: new[] { "SharedWithTeamId", "List" },
                filter: "SharedWithTeamId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Consent_SortName_Id",
                table: "Contacts",
                columns: new[] { "Consent", "SortName", "Id" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_LifecycleStage_SortName_Id",
                table: "Contacts",
                columns: new[] { "LifecycleStage", "SortName", "Id" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NafCode_NameKey_Id",
                table: "Companies",
                columns: new[] { "NafCode", "NameKey", "Id" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_Size_NameKey_Id",
                table: "Companies",
                columns: new[] { "Size", "NameKey", "Id" },
                filter: "DeletedAt IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ListPreferences_DefaultViewId",
                table: "ListPreferences",
                column: "DefaultViewId");

            migrationBuilder.CreateIndex(
                name: "IX_ListPreferences_UserId_List",
                table: "ListPreferences",
                columns: new[] { "UserId", "List" },
                unique: true);

            // The city filter's index: by hand, as EF does not index a complex property's column (CompanyConfiguration).
            migrationBuilder.CreateIndex(
                name: "IX_Companies_BillingCity_NameKey_Id",
                table: "Companies",
                columns: new[] { "BillingCity", "NameKey", "Id" },
                filter: "DeletedAt IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Companies_BillingCity_NameKey_Id",
                table: "Companies");

            migrationBuilder.DropTable(
                name: "ListPreferences");

            migrationBuilder.DropIndex(
                name: "IX_SavedViews_SharedWithTeamId_List",
                table: "SavedViews");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_Consent_SortName_Id",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_LifecycleStage_SortName_Id",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Companies_NafCode_NameKey_Id",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_Size_NameKey_Id",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "SharedWithTeamId",
                table: "SavedViews");
        }
    }
}
