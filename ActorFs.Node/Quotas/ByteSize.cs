using System.Globalization;

namespace ActorFs.Node.Quotas;

/// <summary>Byte counts as people read them in replies and listings: 1.5 GiB, 300 KiB, 12 B.</summary>
internal static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        double value = bytes;
        var unit = 0;
        // Compare what will be printed, so 1048575 B reads 1 MiB rather than 1024 KiB.
        while (Math.Round(value, value < 10 ? 1 : 0) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
