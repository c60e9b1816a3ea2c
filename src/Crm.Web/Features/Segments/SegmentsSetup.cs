using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Segments;

public static class SegmentsSetup
{
    public static IServiceCollection AddSegments(this IServiceCollection services)
    {
        services.AddRecordKit<Segment>();
        services.AddScoped<IRecordEditor<SegmentForm>, SegmentEditor>();
        services.AddScoped<IRecordDetails<Segment>, SegmentDetails.Handler>();
        services.AddScoped<SegmentList>();
        services.AddScoped<SegmentMembers>();
        services.AddScoped<ImportToList>();
        services.AddScoped<Demo.IDemoSeeder, DemoSegmentsSeeder>();
        return services;
    }
}
