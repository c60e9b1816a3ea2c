using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Tasks;

public static class TasksSetup
{
    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddRecordKit<CrmTask>();
        services.AddScoped<IRecordEditor<TaskForm>, TaskEditor>();
        services.AddScoped<IRecordDetails<CrmTask>, TaskDetails.Handler>();
        services.AddScoped<TaskList>();
        services.AddScoped<TaskRegarding>();
        services.AddScoped<MyDay>();
        services.AddScoped<CompleteTask>();
        services.AddScoped<Notifications.ReminderSweeper>();
        services.AddHostedService<Notifications.ReminderSweeperStarter>();
        return services;
    }
}
