namespace Crm.Web.Infrastructure.Text;

/// <summary>Whether two normalised first names likely name the same person ("jean-pierre" ~ "jean pierre", "eloise" ~ "eloise", "j" ~ "jean").</summary>
public static class NameSimilarity
{
    public static bool Similar(string a, string b)
    {
        a = Compact(a);
        b = Compact(b);
        if (a.Length == 0 || b.Length == 0)
        {
            return true;
        }

        if (a == b || (Math.Min(a.Length, b.Length) == 1 && a[0] == b[0]))
        {
            return true;
        }

        var limit = Math.Max(a.Length, b.Length) <= 4 ? 1 : 2;
        return Levenshtein(a, b, limit) <= limit;
    }

    private static string Compact(string s) => new(s.Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Edit distance, giving up (returning limit + 1) as soon as it exceeds the limit.</summary>
    public static int Levenshtein(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
