using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// The request size limit of an upload, from configuration (Imports:MaxUploadBytes), like [RequestSizeLimit] but with the
/// upload page and a clear message instead of a bare 413. It runs before antiforgery, which would otherwise be the first
/// to read (and choke on) an oversized form.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    // Room for the multipart boundaries and the other fields around the file.
    private const long Envelope = 64 * 1024;

    public int Order => -2000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var max = http.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxUploadBytes;
        if (http.Request.ContentLength > max + Envelope)
        {
            await Refuse(context, max);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max + Envelope;
        }

        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max + Envelope }));
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            await Refuse(context, max);
        }
    }

    private static async Task Refuse(AuthorizationFilterContext context, long max)
    {
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<ImportPipeline>().ImportableAt(context.RouteData.Values["kind"] as string) is not { } kind)
        {
            context.Result = new NotFoundResult();
            return;
        }

        var user = Infrastructure.Records.CrmUser.From(context.HttpContext.User);
        var page = await services.GetRequiredService<UploadImport.Handler>()
            .PageAsync(kind, user, UploadImport.TooLarge(services.GetRequiredService<ImportPipeline>(), max), context.HttpContext.RequestAborted);
        context.Result = new ViewResult
        {
            ViewName = "Upload",
            StatusCode = StatusCodes.Status413PayloadTooLarge,
            ViewData = new ViewDataDictionary<UploadImport.Page>(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = page },
        };
    }
}
