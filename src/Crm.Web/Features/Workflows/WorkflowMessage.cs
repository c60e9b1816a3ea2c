using System.Text.Json;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// A message the engine stores for the run log (an outcome, an error, why a run was skipped): an English resource key
/// and its arguments, so the log is shown in the reader's language, not the job's.
/// </summary>
public sealed record WorkflowMessage(string Text, IReadOnlyList<string> Args)
{
    public static string Encode(string text, params object?[] args) =>
        JsonSerializer.Serialize(new WorkflowMessage(text, args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList()));

    /// <summary>The stored message; a plain text (an unexpected exception's message) comes back as itself.</summary>
    public static WorkflowMessage? Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        if (stored.StartsWith('{'))
        {
            try
            {
                return JsonSerializer.Deserialize<WorkflowMessage>(stored);
            }
            catch (JsonException)
            {
                // Not one of ours: shown as it is.
            }
        }

        return new WorkflowMessage(stored, []);
    }

    /// <summary>Cut to a column's length without breaking the JSON: the arguments are shortened first.</summary>
    public static string Fit(string text, int max, params object?[] args)
    {
        var encoded = Encode(text, args);
        return encoded.Length <= max ? encoded : Encode(text, args.Select(a => Shorten(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture), 80)).ToArray<object?>());
    }

    private static string Shorten(string? value, int max) => value is null ? string.Empty : value.Length <= max ? value : value[..max] + "…";
}

/// <summary>A failure the run log shows to admins; <see cref="Permanent"/> ones (a field no longer declared) are not retried.</summary>
public sealed class WorkflowException(string text, bool permanent, params object?[] args) : Exception(text)
{
    public string Text { get; } = text;
    public object?[] Args { get; } = args;
    public bool Permanent { get; } = permanent;

    public string Encoded(int max) => WorkflowMessage.Fit(Text, max, Args);
}

/// <summary>A stored message in the reader's language, times in their time zone.</summary>
public static class WorkflowText
{
    public static string Show(Microsoft.Extensions.Localization.IStringLocalizer l, Infrastructure.Localization.UserTime time, string? stored)
    {
        if (WorkflowMessage.Decode(stored) is not { } message)
        {
            return string.Empty;
        }

        var args = message.Args.Select(a =>
            a.Length >= 19 && a[10] == 'T' && DateTime.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? time.Format(at)
                : a).ToArray<object>();
        return l[message.Text, args].Value;
    }
}
