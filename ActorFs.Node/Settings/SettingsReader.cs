using System.Globalization;
using ActorFs.Actors.Configuration;

namespace ActorFs.Node.Settings;

/// <summary>Reads typed values from a resolved config and refuses out-of-range ones with a located message.</summary>
internal sealed class SettingsReader(Config config)
{
    public string String(string path) => config.GetString(path);

    public string? OptionalString(string path)
    {
        var value = config.GetString(path, "");
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public bool Boolean(string path) => config.GetBoolean(path);

    public int Int(string path, int min, int max)
    {
        var value = config.GetInt(path);
        if (value < min || value > max) throw Refuse(path, value.ToString(CultureInfo.InvariantCulture), $"must be between {min} and {max}");
        return value;
    }

    public TimeSpan Duration(string path, TimeSpan min, TimeSpan? max = null)
    {
        var value = config.GetTimeSpan(path);
        if (value < min) throw Refuse(path, Describe(value), $"must be at least {Describe(min)}");
        if (max is { } m && value > m) throw Refuse(path, Describe(value), $"must be at most {Describe(m)}");
        return value;
    }

    public long Bytes(string path, long min, long max)
    {
        var value = config.GetByteSize(path) ?? throw Refuse(path, "null", "must be a size such as 64KiB");
        if (value < min || value > max) throw Refuse(path, value.ToString(CultureInfo.InvariantCulture) + " bytes", $"must be between {min} and {max} bytes");
        return value;
    }

    public T Parsed<T>(string path, Func<string, T?> parse, string expectation) where T : class
    {
        var text = config.GetString(path);
        return parse(text) ?? throw Refuse(path, text, expectation);
    }

    public T ParsedValue<T>(string path, Func<string, T?> parse, string expectation) where T : struct
    {
        var text = config.GetString(path);
        return parse(text) ?? throw Refuse(path, text, expectation);
    }

    public SettingsException Refuse(string path, string value, string why) => new(path, value, config.GetValue(path)?.Origin, why);

    private static string Describe(TimeSpan value) => value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
