using System.Globalization;
using System.Text;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Account;

/// <summary>
/// Mails a reset link to an active account with this email, and does nothing for any other address.
/// Runs off the request (see <see cref="MailQueue"/>): the page answers alike whether the account exists. The mail
/// goes through the outbox like every other (ARCHITECTURE §7), so a server that is down gets retries and admins see it
/// fail; it is sent at once from here rather than at the sender's next run.
/// </summary>
public sealed class SendPasswordReset(
    UserManager<AppUser> users,
    PublicLinks links,
    MailOutbox outbox,
    OutboxSender sender,
    CrmDbContext db,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>Queues the work; the culture of the request is the mail's language when the user chose none.</summary>
    public static bool Queue(MailQueue queue, string email, string requestCulture) =>
        queue.TryQueue(nameof(SendPasswordReset), (services, ct) => services.GetRequiredService<SendPasswordReset>().Handle(email, requestCulture, ct));

    public async Task Handle(string email, string requestCulture, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not { IsActive: true, Email: not null })
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = links.For(QueryHelpers.AddQueryString("/Account/ResetPassword", new Dictionary<string, string?> { ["email"] = user.Email, ["code"] = code }));

        // Set inside this async method only: the worker's own culture is left as it was.
        var culture = CultureInfo.GetCultureInfo(LocalizationSetup.IsSupported(user.Culture) ? user.Culture! : requestCulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var message = outbox.Add(
            user.Email,
            l["Reset your Crm password"],
            $"{l["Someone asked to reset the password of your Crm account. If it was you, open this link: {0}", link.AbsoluteUri]}\n\n{l["If it was not you, ignore this message."]}",
            null,
            null);
        await db.SaveChangesAsync(ct);
        await sender.SendNowAsync(message.Id, ct);
    }
}
