namespace Crm.Tests.Infrastructure;

/// <summary>
/// The server's log files in a data folder. Log events are written by a background writer (requests only queue them),
/// so a test waits for the line it expects instead of reading the files once.
/// </summary>
public static class ServerLog
{
    public static string[] Lines(string dataDirectory) =>
        Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "*.log").SelectMany(file => ReadShared(file).Split('\n')).ToArray();

    /// <summary>Every line once one matches <paramref name="until"/>; fails after a few seconds without it.</summary>
    public static async Task<string[]> WaitForAsync(string dataDirectory, Func<string, bool> until)
    {
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(50))
        {
            var lines = Lines(dataDirectory);
            if (lines.Any(until))
            {
                return lines;
            }

            if (waited > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The expected line did not reach the server log. Its last lines:\n" + string.Join("\n", lines.TakeLast(10)));
            }

            await Task.Delay(50);
        }
    }

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
