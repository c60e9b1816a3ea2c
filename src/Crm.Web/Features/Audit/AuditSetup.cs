namespace Crm.Web.Features.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services) => services.AddScoped<AuditLog>();
}
