using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkflowRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowCursors",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    LastEventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowCursors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordKind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TriggerField = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TriggerValue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TriggerDays = table.Column<int>(type: "INTEGER", nullable: true),
                    TriggerStageId = table.Column<int>(type: "INTEGER", nullable: true),
                    Match = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", nullable: false),
                    Actions = table.Column<string>(type: "TEXT", nullable: false),
                    Example = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordKind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RecordId = table.Column<int>(type: "INTEGER", nullable: false),
                    Occurrence = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ChangeEventId = table.Column<long>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Depth = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", nullable: false),
                    Actions = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowRuns_WorkflowRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "WorkflowRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowRunSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResumeAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowRunSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowRunSteps_WorkflowRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "WorkflowRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRules_Enabled_RecordKind",
                table: "WorkflowRules",
                columns: new[] { "Enabled", "RecordKind" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRules_Example",
                table: "WorkflowRules",
                column: "Example",
                unique: true,
                filter: "[Example] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRuns_RuleId_Id",
                table: "WorkflowRuns",
                columns: new[] { "RuleId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRuns_RuleId_Occurrence",
                table: "WorkflowRuns",
                columns: new[] { "RuleId", "Occurrence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRuns_RuleId_RecordId_OccurredAt",
                table: "WorkflowRuns",
                columns: new[] { "RuleId", "RecordId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRuns_Status_RuleId",
                table: "WorkflowRuns",
                columns: new[] { "Status", "RuleId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRunSteps_RunId_Index",
                table: "WorkflowRunSteps",
                columns: new[] { "RunId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowRunSteps_Status_NextAttemptAt",
                table: "WorkflowRunSteps",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkflowCursors");

            migrationBuilder.DropTable(
                name: "WorkflowRunSteps");

            migrationBuilder.DropTable(
                name: "WorkflowRuns");

            migrationBuilder.DropTable(
                name: "WorkflowRules");
        }
    }
}
