using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Workflows;

public static class WorkflowsSetup
{
    public const string WebhookClient = "workflow-webhooks";

    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section);
        services.AddScoped<WorkflowFields>();
        services.AddScoped<WorkflowStarter>();
        services.AddScoped<WorkflowActionRunner>();
        services.AddScoped<ChangeEventReader>();
        services.AddScoped<TimedTriggerSweeper>();
        services.AddScoped<WorkflowStepRunner>();
        services.AddScoped<WorkflowJob>();
        services.AddScoped<WorkflowRuleChecks>();
        services.AddScoped<WorkflowAdmin>();
        services.AddScoped<WorkflowDryRun>();
        services.AddScoped<WorkflowFormChoices.Loader>();
        services.AddScoped<IStartupData, WorkflowExamples>();
        services.AddHostedService<WorkflowJobScheduler>();

        // Webhooks connect only to public addresses, checked at each connection; no redirects (one could lead inside).
        services.AddHttpClient(WebhookClient, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectCallback = WebhookAddress.ConnectAsync, AllowAutoRedirect = false, UseProxy = false });
        return services;
    }
}
