using System.ComponentModel.DataAnnotations;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Shared;

/// <summary>A bulk action posted from a list: the ticked ids, what to do, and its argument.</summary>
public sealed record BulkForm
{
    public const int MaxIds = 200;
    public const string Assign = "assign";
    public const string AddTag = "tag";
    public const string Delete = "delete";
    public const string SetField = "set-field";

    /// <summary>
    /// "Select all N matching": the action applies to every record the list's filters match (the bulk URL's query
    /// string, as the list's), at most <see cref="MaxMatching"/>, in the list's order; <see cref="Ids"/> are ignored.
    /// </summary>
    public const int MaxMatching = ListQuery.CountCap;

    public int[] Ids { get; init; } = [];

    public bool AllMatching { get; init; }
    [Required, StringLength(10)] public string Action { get; init; } = string.Empty;

    /// <summary>The new owner's id, or <see cref="ListQuery.OwnerNobody"/> to clear the owner.</summary>
    [StringLength(450)] public string? OwnerId { get; init; }
    [StringLength(50)] public string? TagName { get; init; }

    /// <summary>For <see cref="SetField"/>: the custom field ("cf.{key}") and its new value as its form input types it (choices separated by ";"); empty clears it.</summary>
    [StringLength(80)] public string? Field { get; init; }
    [StringLength(4000)] public string? Value { get; init; }

    /// <summary>The value of the kind's own action's drop-down (<see cref="RecordBulkAction.Choice"/>: the list to add to).</summary>
    [StringLength(100)] public string? Choice { get; init; }

    /// <summary>Delete asks first: the confirmation page posts the same form with this set.</summary>
    public bool Confirmed { get; init; }
    [StringLength(2000)] public string? ReturnUrl { get; init; }
}

/// <summary>How a bulk action went: changed records, and those left alone because the user may not edit them.</summary>
public sealed record BulkResult(int Changed, int Skipped, string? Error = null)
{
    /// <summary>The ids a bulk delete moved to the recycle bin, which its message offers to bring back.</summary>
    public IReadOnlyList<int> Deleted { get; init; } = [];

    /// <summary>What the kind's own action says it did, instead of "N records changed".</summary>
    public string? Message { get; init; }

    public static BulkResult Failed(string error) => new(0, 0, error);
}

/// <summary>The page that asks "delete these N records?" before a bulk delete.</summary>
public sealed record BulkConfirmPage(string Title, string PostUrl, BulkForm Form, int Count);

/// <summary>The bulk bar above a list: whom records may be handed to, how many match the filters and how many rows the page shows.</summary>
public sealed record BulkBar(IReadOnlyList<Choice> Owners, int Matching, int OnPage)
{
    /// <summary>The kind's own actions (close tickets), after the kit's.</summary>
    public IReadOnlyList<RecordBulkAction> Own { get; init; } = [];

    /// <summary>The kind's custom fields, which "Set a field" offers.</summary>
    public IReadOnlyList<CustomFields.CustomField> CustomFields { get; init; } = [];

    /// <summary>Whether the user may change records of the kind: else only the actions on visible records are offered.</summary>
    public bool Edits { get; init; } = true;

    /// <summary>Whether to offer "select all N matching": more records match than the page shows.</summary>
    public bool OffersAllMatching => Matching > OnPage;

    /// <summary>How many records "all matching" would change: every match, up to <see cref="BulkForm.MaxMatching"/>.</summary>
    public int AllMatchingCount => Math.Min(Matching, BulkForm.MaxMatching);
}

/// <summary>
/// The owner a bulk assignment names: nobody, or someone the record forms would let this user pick
/// (<see cref="RecordChoices.CheckOwnerAsync"/>: an owning role, and for sales themselves or a teammate).
/// </summary>
public static class BulkOwner
{
    public sealed record Owner(string? Id, int? TeamId);

    public static async Task<Owner?> FindAsync<T>(RecordChoices choices, string? ownerId, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>
    {
        if (string.IsNullOrEmpty(ownerId))
        {
            return null;
        }

        if (ownerId == ListQuery.OwnerNobody)
        {
            return new Owner(null, null);
        }

        var (allowed, teamId) = await choices.CheckOwnerAsync<T>(ownerId, user, ct);
        return allowed ? new Owner(ownerId, teamId) : null;
    }
}

public static class BulkMessages
{
    public static void Flash(Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionary tempData, Microsoft.Extensions.Localization.IStringLocalizer l, BulkResult result)
    {
        if (result.Error is not null)
        {
            tempData["FlashError"] = result.Error;
        }
        else if (result.Message is not null)
        {
            tempData["Flash"] = result.Message;
        }
        else if (result.Skipped == 0)
        {
            tempData["Flash"] = Changed(l, result.Changed);
        }
        else
        {
            tempData["FlashError"] = Changed(l, result.Changed) + " "
                + Counted.Format(result.Skipped, l["{0} skipped: you may not edit it."], l["{0} skipped: you may not edit them."]);
        }
    }

    private static string Changed(Microsoft.Extensions.Localization.IStringLocalizer l, int count) =>
        Counted.Format(count, l["{0} record changed."], l["{0} records changed."]);
}
