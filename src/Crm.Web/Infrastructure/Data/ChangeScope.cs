using System.Globalization;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// What the saves of the current request or job are part of: the path (form, import, bulk, merge, restore) and the
/// correlation id of the user action. <see cref="RecordSaveInterceptor"/> stamps both on every change event.
/// </summary>
public sealed class ChangeScope
{
    public ChangeSource? Source { get; private set; }
    public string? CorrelationId { get; private set; }

    /// <summary>Until disposed, saves are stamped with this source and one correlation id (a new one unless given).</summary>
    public IDisposable Begin(ChangeSource source, string? correlationId = null)
    {
        var previous = (Source, CorrelationId);
        Source = source;
        CorrelationId = correlationId ?? NewCorrelationId();
        return new Restorer(() => (Source, CorrelationId) = previous);
    }

    public static string NewCorrelationId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Every batch of one import job shares this id, also when the job resumes after a restart.</summary>
    public static string ForImport(int jobId) => "import-" + jobId.ToString(CultureInfo.InvariantCulture);

    private sealed class Restorer(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
