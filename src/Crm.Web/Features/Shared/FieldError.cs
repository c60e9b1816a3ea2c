namespace Crm.Web.Features.Shared;

/// <summary>A validation message for one form field (empty field: the whole form), already localized.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>What a stale edit shows: the last change made meanwhile (who, when, which fields).</summary>
public sealed record EditConflict(string? UserName, DateTime? At, IReadOnlyList<RecordHistory.ShownChange> Changes, int CurrentVersion);
