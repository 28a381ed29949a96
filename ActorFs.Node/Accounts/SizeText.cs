using System.Globalization;
using ActorFs.Actors.Configuration;

namespace ActorFs.Node.Accounts;

/// <summary>Sizes and counts as people type and read them: <c>10GiB</c>, <c>500MB</c>, <c>1024</c>, or <c>none</c> for unlimited.</summary>
internal static class SizeText
{
    public const string Unlimited = "none";

    /// <summary>
    /// Parses a size the way HOCON does (the same parser as the node's configuration), or <c>none</c> (null).
    /// Throws <see cref="AccountError.InvalidValue"/> with an example of what would do.
    /// </summary>
    public static long? ParseSize(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == Unlimited)
        {
            return null;
        }

        long? bytes;
        try
        {
            bytes = HoconDocument.FromPairs([new("size", text)], what).Resolve(EnvironmentSources.None).GetByteSize("size");
        }
        catch (ConfigException)
        {
            bytes = null;
        }

        return bytes is >= 0 ? bytes : throw new AccountException(AccountError.InvalidValue, $"{what} '{text}' is not a size such as 10GiB, 500MB or 1024 (or '{Unlimited}').");
    }

    /// <summary>Parses a whole number of zero or more, or <c>none</c> (null).</summary>
    public static long? ParseCount(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == Unlimited)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new AccountException(AccountError.InvalidValue, $"{what} '{text}' is not a whole number (or '{Unlimited}').");
    }

    /// <summary>A size for people: exact bytes below 1 KiB, otherwise the largest binary unit with up to one decimal (<c>1.5 GiB</c>).</summary>
    public static string FormatSize(long? bytes)
    {
        if (bytes is not { } value)
        {
            return "unlimited";
        }

        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        if (value < 1024)
        {
            return value.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var scaled = (double)value;
        var unit = -1;
        while (scaled >= 1024 && unit < units.Length - 1)
        {
            scaled /= 1024;
            unit++;
        }

        return scaled.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string FormatCount(long? count) => count is { } value ? value.ToString(CultureInfo.InvariantCulture) : "unlimited";
}
