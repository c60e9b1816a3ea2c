using Crm.Web.Features.Shared;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Web.Features.Tickets;

public static class TicketsSetup
{
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddRecordKit<Ticket>();
        services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.Section);
        services.AddScoped<IRecordEditor<TicketForm>, TicketEditor>();
        services.AddScoped<IRecordDetails<Ticket>, TicketDetails.Handler>();
        services.AddScoped<TicketList>();
        services.AddScoped<TicketDesk>();
        services.AddScoped<TicketAttachmentStore>();
        services.AddScoped<RecycleBin.IRecordFiles, TicketAttachmentFiles>();
        services.AddScoped<TicketConversation>();
        services.AddScoped<TicketMerge>();
        services.AddScoped<Demo.IDemoSeeder, DemoTicketsSeeder>();

        // The SLA feature registers its clock (AddSla); without it tickets carry no due dates.
        services.TryAddScoped<ITicketSla, NoTicketSla>();
        return services;
    }
}
