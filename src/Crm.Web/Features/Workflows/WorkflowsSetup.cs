using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Workflows;

public static class WorkflowsSetup
{
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
        return services;
    }
}
