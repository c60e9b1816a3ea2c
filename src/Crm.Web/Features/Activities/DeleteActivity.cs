using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>Moves a timeline entry to the recycle bin; its author or anyone who may edit its record may do so (<see cref="ActivityAccess"/>).</summary>
public static class DeleteActivity
{
    public sealed class Handler(CrmDbContext db, RecordKinds kinds)
    {
        /// <summary>Done with where the user goes back to: the details page of the record the entry was logged on.</summary>
        public async Task<Outcome<string>> HandleAsync(int id, CrmUser user, CancellationToken ct)
        {
            var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (activity is null || kinds.Find(activity.LoggedOn.Kind) is not { } kind)
            {
                return Outcome.NotFound;
            }

            var entry = db.Activities.Where(a => a.Id == id);
            if (!await entry.ChangeableBy(user, db, kinds).AnyAsync(ct))
            {
                return await entry.SeenBy(user, db, kinds).AnyAsync(ct) ? Outcome.Forbidden : Outcome.NotFound;
            }

            db.Activities.Remove(activity);
            await db.SaveChangesAsync(ct);
            return Outcome.Done(kind.DetailsPath(activity.LoggedOn.Id));
        }
    }
}
