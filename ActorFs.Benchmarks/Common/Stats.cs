namespace ActorFs.Benchmarks.Common;

/// <summary>Small statistics helpers for repeated measurements.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Ratio(double value, double baseline) => baseline > 0 ? value / baseline : double.NaN;
}

/// <summary>Prints an aligned table: one header row, then rows of cells.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Print(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        output.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) output.WriteLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
    }
}

/// <summary>Command-line flags shared by scenarios.</summary>
internal static class BenchArgs
{
    public static bool Has(string[] args, string flag) => args.Contains(flag, StringComparer.Ordinal);

    public static string? Value(string[] args, string flag)
    {
        var i = Array.IndexOf(args, flag);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string flag, int fallback) =>
        int.TryParse(Value(args, flag), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
