using Microsoft.AspNetCore.Authorization;
using Crm.Web.Infrastructure.Records;
using Hangfire;

namespace Crm.Web.Features.Imports;

public static class ImportsSetup
{
    /// <summary>Who may import: whoever may create records of an importable kind (support and marketing read only).</summary>
    public const string CanImport = "CanImport";

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddOptions<AuthorizationOptions>().Configure<RecordKinds>((options, kinds) => options.AddPolicy(CanImport, p => p.RequireAssertion(ctx =>
            ctx.User.Identity?.IsAuthenticated == true && kinds.All.Any(k => k.Importing is not null && k.Access.CanCreate(CrmUser.From(ctx.User))))));

        services.AddScoped<RunImport>();
        services.AddScoped<ImportSweeper>();
        services.AddScoped<ImportPipeline>();
        services.AddScoped<UploadImport.Handler>();
        services.AddScoped<MapImport.Handler>();
        services.AddScoped<PreviewImport.Handler>();
        services.AddScoped<StartImport.Handler>();
        services.AddScoped<ImportProgress.Handler>();
        services.AddHostedService<QueuedImportsResumer>();
        services.AddScoped<IImportRunner>(sp => sp.GetService<IBackgroundJobClient>() is { } jobs
            ? new HangfireImportRunner(jobs)
            : new InlineImportRunner(sp.GetRequiredService<IServiceScopeFactory>()));
        return services;
    }
}
