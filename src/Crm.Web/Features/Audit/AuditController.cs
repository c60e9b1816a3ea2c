using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Audit;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/Audit")]
public sealed class AuditController(AuditLog log) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? kind, AuditAction? action, string? userId, DateOnly? from, DateOnly? to, long? before, CancellationToken ct) =>
        View("/Features/Audit/Index.cshtml", await log.ChangesAsync(new AuditLog.Query(kind, action, userId, from, to, before), ct));

    [HttpGet("Security")]
    public async Task<IActionResult> Security(SecurityEventKind? kind, string? userId, DateOnly? from, DateOnly? to, long? before, CancellationToken ct) =>
        View("/Features/Audit/Security.cshtml", await log.SecurityAsync(new AuditLog.SecurityQuery(kind, userId, from, to, before), ct));
}
