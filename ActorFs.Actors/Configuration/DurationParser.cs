using System.Globalization;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// The spec's duration format: a number, optional whitespace, an optional unit (ns, us, ms, s, m, h, d and their
/// long forms). A bare number is milliseconds. "infinite" is accepted as in Akka and gives
/// <see cref="Timeout.InfiniteTimeSpan"/>.
/// </summary>
internal static class DurationParser
{
    private static readonly Dictionary<string, double> TicksPerUnit = BuildUnits();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text == "infinite")
        {
            duration = Timeout.InfiniteTimeSpan;
            return true;
        }

        var (number, unit) = UnitSplitter.Split(text);
        if (!TicksPerUnit.TryGetValue(unit, out var ticksPerUnit) ||
            !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var ticks = amount * ticksPerUnit;
        if (double.IsNaN(ticks) || Math.Abs(ticks) > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    private static Dictionary<string, double> BuildUnits()
    {
        var units = new Dictionary<string, double>(StringComparer.Ordinal) { [string.Empty] = TimeSpan.TicksPerMillisecond };
        void Add(double ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        Add(0.01, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }
}
