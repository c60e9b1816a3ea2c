namespace Crm.Web.Features.Shared;

public enum OutcomeStatus
{
    Done,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,

    /// <summary>Not created: records like it exist, and the user has not yet chosen to create it anyway.</summary>
    Duplicates,
}

/// <summary>
/// What a use case on a record came to: done with a value, or why not. Every use case answers with it and
/// <see cref="OutcomeResults"/> turns it into HTTP in one place (404, 403, the form again, 409), so that actions stay
/// two or three lines and a kind to come answers the same way.
/// </summary>
public sealed record Outcome<T>
{
    internal Outcome(OutcomeStatus status, T? value, IReadOnlyList<FieldError> errors, EditConflict? conflict, IReadOnlyList<PossibleDuplicate>? duplicates = null)
    {
        Status = status;
        Value = value;
        Errors = errors;
        Conflict = conflict;
        Duplicates = duplicates ?? [];
    }

    public OutcomeStatus Status { get; }

    public T? Value { get; }

    /// <summary>Field → message, for <see cref="OutcomeStatus.Invalid"/>.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>Who changed what meanwhile, for <see cref="OutcomeStatus.Conflict"/> when the record's history knows.</summary>
    public EditConflict? Conflict { get; }

    /// <summary>The records the new one may repeat, for <see cref="OutcomeStatus.Duplicates"/>.</summary>
    public IReadOnlyList<PossibleDuplicate> Duplicates { get; }

    public bool IsDone => Status == OutcomeStatus.Done;

    /// <summary>The next step when this one is done; else this one's failure, carried over.</summary>
    public Outcome<TNext> Then<TNext>(Func<T, Outcome<TNext>> next) =>
        IsDone ? next(Value!) : new Outcome.Failure(Status, Errors, Conflict, Duplicates);

    public static implicit operator Outcome<T>(Outcome.Failure failure) => new(failure.Status, default, failure.Errors, failure.Conflict, failure.Duplicates);
}

/// <summary>The outcomes that carry no value, convertible to any <see cref="Outcome{T}"/>: <c>return Outcome.NotFound;</c>.</summary>
public static class Outcome
{
    public sealed record Failure(OutcomeStatus Status, IReadOnlyList<FieldError> Errors, EditConflict? Conflict, IReadOnlyList<PossibleDuplicate>? Duplicates = null);

    public static readonly Failure NotFound = new(OutcomeStatus.NotFound, [], null);

    public static readonly Failure Forbidden = new(OutcomeStatus.Forbidden, [], null);

    public static Failure Invalid(IReadOnlyList<FieldError> errors) => new(OutcomeStatus.Invalid, errors, null);

    /// <summary>The record changed since the user loaded it (or the pair, list or choice they acted on is stale).</summary>
    public static Failure Conflicted(EditConflict? details = null) => new(OutcomeStatus.Conflict, [], details);

    /// <summary>Not created, since these records look like the new one (the user may then create it anyway).</summary>
    public static Failure PossibleDuplicates(IReadOnlyList<PossibleDuplicate> found) => new(OutcomeStatus.Duplicates, [], null, found);

    public static Outcome<T> Done<T>(T value) => new(OutcomeStatus.Done, value, [], null);
}
