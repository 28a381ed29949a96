using System.Globalization;
using System.Numerics;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// The spec's size-in-bytes format: a number, optional whitespace, an optional unit. Powers of ten: kB (and KB),
/// MB, GB, TB, PB, EB and kilobyte(s), megabyte(s)...; powers of two: K/k, Ki, KiB, kibibyte(s), M/m, Mi, MiB,
/// mebibyte(s) and so on (single letters are binary, as the spec says). A bare number, B, b, byte(s) are bytes.
/// </summary>
internal static class ByteSizeParser
{
    private static readonly Dictionary<string, BigInteger> Units = BuildUnits();

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var (number, unit) = UnitSplitter.Split(text.Trim());
        if (!Units.TryGetValue(unit, out var multiplier))
        {
            return false;
        }

        BigInteger result;
        if (BigInteger.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            result = whole * multiplier;
        }
        else if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && double.IsFinite(fraction))
        {
            result = new BigInteger(Math.Round(fraction * (double)multiplier));
        }
        else
        {
            return false;
        }

        if (result < long.MinValue || result > long.MaxValue)
        {
            return false;
        }

        bytes = (long)result;
        return true;
    }

    private static Dictionary<string, BigInteger> BuildUnits()
    {
        var units = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var name in new[] { string.Empty, "B", "b", "byte", "bytes" })
        {
            units[name] = BigInteger.One;
        }

        (string Letter, string Decimal, string Binary)[] prefixes =
        [
            ("K", "kilo", "kibi"), ("M", "mega", "mebi"), ("G", "giga", "gibi"), ("T", "tera", "tebi"),
            ("P", "peta", "pebi"), ("E", "exa", "exbi"), ("Z", "zetta", "zebi"), ("Y", "yotta", "yobi"),
        ];
        for (var i = 0; i < prefixes.Length; i++)
        {
            var (letter, decimalName, binaryName) = prefixes[i];
            var power = i + 1;
            var decimalValue = BigInteger.Pow(1000, power);
            var binaryValue = BigInteger.Pow(1024, power);
            var lower = letter.ToLowerInvariant();
            foreach (var name in new[] { letter + "B", decimalName + "byte", decimalName + "bytes" })
            {
                units[name] = decimalValue;
            }

            if (power == 1)
            {
                units["kB"] = decimalValue;
            }

            foreach (var name in new[] { letter, lower, letter + "i", letter + "iB", binaryName + "byte", binaryName + "bytes" })
            {
                units[name] = binaryValue;
            }
        }

        return units;
    }
}
