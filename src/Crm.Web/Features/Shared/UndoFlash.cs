using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The "Undo" button of the message shown after a delete, bulk delete or merge: where it posts, the kind and the ids
/// to bring back. Kept in TempData beside "Flash" as one string, as TempData keeps simple values only.
/// </summary>
public sealed record UndoFlash(string Action, string? Kind, IReadOnlyList<int> Ids)
{
    private const string Key = "FlashUndo";

    /// <summary>Restores records of a registered kind (<c>RecycleBinController.RestoreMany</c>).</summary>
    public const string RecordsAction = "/RecycleBin/RestoreMany";

    /// <summary>Restores one timeline entry (<c>RecycleBinController.RestoreActivity</c>).</summary>
    public const string ActivityAction = "/RecycleBin/RestoreActivity";

    public static void Offer(ITempDataDictionary tempData, string action, string? kind, IEnumerable<int> ids)
    {
        var list = ids.ToList();
        if (list.Count > 0)
        {
            tempData[Key] = $"{action}|{kind}|{string.Join(',', list)}";
        }
    }

    /// <summary>The undo offered, if any; read like "Flash", so it is gone after the page that shows it (read twice in one request, it stays).</summary>
    public static UndoFlash? Read(ITempDataDictionary tempData)
    {
        if (tempData[Key] is not string value || value.Split('|') is not [var action, var kind, var ids])
        {
            return null;
        }

        // Only the two restore endpoints: the value comes back from the TempData cookie, which the user could not forge
        // (it is protected), but the button must never post anywhere else.
        return action is RecordsAction or ActivityAction
            ? new UndoFlash(action, kind.Length == 0 ? null : kind, ids.Split(',').Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList())
            : null;
    }
}
