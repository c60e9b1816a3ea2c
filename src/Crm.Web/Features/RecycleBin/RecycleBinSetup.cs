namespace Crm.Web.Features.RecycleBin;

public static class RecycleBinSetup
{
    public static IServiceCollection AddRecycleBin(this IServiceCollection services) => services
        .AddScoped<DeletedRecords>()
        .AddScoped<RestoreRecord>()
        .AddScoped<MoveToRecycleBin>()
        .AddScoped<DependentRecords>()
        .AddScoped<RecycleBinPurge>()
        .AddScoped<Activities.DeletedActivities>()
        .AddScoped<Activities.RestoreActivity>();
}
