using System.Globalization;

namespace ActorFs.Actors.Configuration;

// The typed getters. Each has a strict form, which throws a ConfigException naming the path (and the value's
// origin) when the value is missing, null or of the wrong type, and a form with a default, which returns the
// default when the value is missing or null but still throws when it is of the wrong type.
public sealed partial class Config
{
    public string GetString(string path) => Get<string>(path, TryString, "a string");

    public string GetString(string path, string defaultValue) => GetOrDefault(path, TryString, "a string", defaultValue);

    public int GetInt(string path) => Get<int>(path, TryInt, "an int");

    public int GetInt(string path, int defaultValue) => GetOrDefault(path, TryInt, "an int", defaultValue);

    public long GetLong(string path) => Get<long>(path, TryLong, "a long");

    public long GetLong(string path, long defaultValue) => GetOrDefault(path, TryLong, "a long", defaultValue);

    public double GetDouble(string path) => Get<double>(path, TryDouble, "a number");

    public double GetDouble(string path, double defaultValue) => GetOrDefault(path, TryDouble, "a number", defaultValue);

    /// <summary>true/yes/on and false/no/off, quoted or not.</summary>
    public bool GetBoolean(string path) => Get<bool>(path, TryBoolean, "a boolean (true/false/yes/no/on/off)");

    public bool GetBoolean(string path, bool defaultValue) =>
        GetOrDefault(path, TryBoolean, "a boolean (true/false/yes/no/on/off)", defaultValue);

    /// <summary>A duration such as "250ms", "10 s", "2 hours"; a bare number is milliseconds.</summary>
    public TimeSpan GetTimeSpan(string path) => Get<TimeSpan>(path, TryTimeSpan, DurationExpectation);

    public TimeSpan GetTimeSpan(string path, TimeSpan defaultValue) =>
        GetOrDefault(path, TryTimeSpan, DurationExpectation, defaultValue);

    /// <summary>
    /// A size such as "512 KiB", "10MB", "1G" in bytes; null when the path is missing or null (as in Akka.NET).
    /// </summary>
    public long? GetByteSize(string path)
    {
        var parsed = HoconPath.Parse(path);
        var value = Find(parsed);
        if (value is null || IsNull(value))
        {
            return null;
        }

        return TryByteSize(value, out var bytes) ? bytes : throw WrongType(parsed, value, ByteSizeExpectation);
    }

    /// <summary>An array of scalars as strings.</summary>
    public IReadOnlyList<string> GetStringList(string path) => Get<IReadOnlyList<string>>(path, TryStringList, "an array of strings");

    private const string DurationExpectation = "a duration (a number with an optional unit: ns, us, ms, s, m, h, d)";

    private const string ByteSizeExpectation = "a size in bytes (a number with an optional unit such as B, kB, KiB, MB, M, GiB)";

    private delegate bool Converter<T>(HoconValue value, out T result);

    private T Get<T>(string path, Converter<T> convert, string expectation)
    {
        var parsed = HoconPath.Parse(path);
        var value = Find(parsed);
        if (value is null || IsNull(value))
        {
            var detail = value is null ? "no value" : $"null (set at {value.Origin})";
            throw new ConfigException($"Configuration path '{parsed}' has {detail}; expected {expectation}.", parsed.ToString(), value?.Origin);
        }

        return convert(value, out var result) ? result : throw WrongType(parsed, value, expectation);
    }

    private T GetOrDefault<T>(string path, Converter<T> convert, string expectation, T defaultValue)
    {
        var parsed = HoconPath.Parse(path);
        var value = Find(parsed);
        if (value is null || IsNull(value))
        {
            return defaultValue;
        }

        return convert(value, out var result) ? result : throw WrongType(parsed, value, expectation);
    }

    private static ConfigException WrongType(HoconPath path, HoconValue value, string expectation)
    {
        var shown = value is HoconScalar scalar
            ? $"{scalar.KindName} {System.Text.Json.JsonSerializer.Serialize(scalar.Text)}"
            : $"an {value.KindName}";
        return new ConfigException(
            $"Configuration path '{path}' (set at {value.Origin}) has {shown}; expected {expectation}.",
            path.ToString(),
            value.Origin);
    }

    private static bool TryString(HoconValue value, out string result)
    {
        result = value is HoconScalar scalar ? scalar.Text : string.Empty;
        return value is HoconScalar;
    }

    private static bool TryInt(HoconValue value, out int result)
    {
        result = 0;
        if (!TryLong(value, out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        result = (int)wide;
        return true;
    }

    private static bool TryLong(HoconValue value, out long result)
    {
        result = 0;
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar)
        {
            return false;
        }

        var text = scalar.Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        // "42.0" or "1e3" are whole numbers written as doubles.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            number == Math.Floor(number) && number >= long.MinValue && number < long.MaxValue)
        {
            result = (long)number;
            return true;
        }

        return false;
    }

    private static bool TryDouble(HoconValue value, out double result)
    {
        result = 0;
        return value is HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar &&
            double.TryParse(scalar.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryBoolean(HoconValue value, out bool result)
    {
        result = false;
        if (value is not HoconScalar { Kind: HoconScalarKind.Boolean or HoconScalarKind.String } scalar)
        {
            return false;
        }

        switch (scalar.Text)
        {
            case "true" or "yes" or "on":
                result = true;
                return true;
            case "false" or "no" or "off":
                return true;
            default:
                return false;
        }
    }

    private static bool TryTimeSpan(HoconValue value, out TimeSpan result)
    {
        result = default;
        return value is HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar &&
            DurationParser.TryParse(scalar.Text, out result);
    }

    private static bool TryByteSize(HoconValue value, out long result)
    {
        result = 0;
        return value is HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar &&
            ByteSizeParser.TryParse(scalar.Text, out result);
    }

    private static bool TryStringList(HoconValue value, out IReadOnlyList<string> result)
    {
        result = [];
        if (value is not HoconArray array || !array.Items.All(item => item is HoconScalar))
        {
            return false;
        }

        result = array.Items.Select(item => ((HoconScalar)item).Text).ToList();
        return true;
    }
}
