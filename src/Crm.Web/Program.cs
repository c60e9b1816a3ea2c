using Crm.Web.Features.Account;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Api;
using Crm.Web.Features.Audit;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Companies;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Dashboard;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Demo;
using Crm.Web.Features.Duplicates;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Knowledge;
using Crm.Web.Features.Mail;
using Crm.Web.Features.Notifications;
using Crm.Web.Features.Reports;
using Crm.Web.Features.RecycleBin;
using Crm.Web.Features.Reports.Builder;
using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Support;
using Crm.Web.Features.Search;
using Crm.Web.Features.Segments;
using Crm.Web.Features.Settings;
using Crm.Web.Features.Tasks;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Features.Users;
using Crm.Web.Features.Visibility;
using Crm.Web.Features.WebForms;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Cli;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(Verbs.HostArgs(args));
// Docker/Kubernetes secrets: a file /run/secrets/Crm__Admin__Password sets Crm:Admin:Password.
builder.Configuration.AddKeyPerFile(builder.Configuration["SecretsDirectory"] ?? "/run/secrets", optional: true, reloadOnChange: false);
var paths = DataPaths.From(builder.Configuration, builder.Environment.ContentRootPath);
paths.EnsureCreated();
builder.AddCrmLogging(paths);

builder.Services
    .AddCrmWeb(builder.Configuration, paths)
    .AddCrmData(builder.Configuration, paths)
    .AddCrmAuth()
    .AddCrmLocalization()
    .AddCrmEmail(builder.Configuration)
    .AddCrmJobs(builder.Configuration)
    .AddDemoData()
    .AddAccount()
    .AddUserAdmin()
    .AddOrganisationSettings()
    .AddRecordVisibility()
    .AddAuditLog()
    .AddCompanies()
    .AddContacts()
    .AddDeals()
    .AddTasks()
    .AddTickets()
    .AddCampaigns()
    .AddSegments()
    .AddWebForms()
    .AddActivities()
    .AddImports()
    .AddDuplicates()
    .AddSavedViews()
    .AddSearch()
    .AddRecycleBin()
    .AddCustomFields()
    .AddDashboard()
    .AddStandardReports()
    .AddNotifications()
    .AddEmailTemplates()
    .AddMailAdmin()
    .AddWorkflows()
    .AddSla()
    .AddKnowledge()
    .AddSupport()
    .AddReportBuilder()
    .AddReportExports()
    .AddApi();

var app = builder.Build();

if (Verbs.IsVerb(args))
{
    return await Verbs.RunAsync(app, args);
}

if (!await app.PrepareDatabaseAsync())
{
    return 1;
}

app.UseCrmPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
