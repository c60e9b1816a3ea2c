using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Crm.Web.Features.Knowledge;

public static class KnowledgeSetup
{
    /// <summary>Who reads the knowledge base: whoever answers customers or reads tickets.</summary>
    public const string Readers = "KnowledgeReaders";

    /// <summary>Who writes it: support, and the admins and managers above them.</summary>
    public const string Editors = "KnowledgeEditors";

    public static bool CanRead(System.Security.Claims.ClaimsPrincipal user) => CanEdit(user) || user.IsInRole(Roles.Sales);

    public static bool CanEdit(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Support);

    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(Readers, p => p.RequireAssertion(ctx => CanRead(ctx.User)));
            o.AddPolicy(Editors, p => p.RequireAssertion(ctx => CanEdit(ctx.User)));
        });
        services.AddScoped<KnowledgeBase>();
        return services;
    }
}
