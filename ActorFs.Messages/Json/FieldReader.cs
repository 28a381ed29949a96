using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ActorFs.Messages;

/// <summary>
/// Reads typed fields from one JSON object and remembers the first field that was missing or wrong,
/// so a decoder reads everything in a straight line and checks <see cref="Ok"/> once at the end.
/// JSON null counts as absent. Getters return a harmless default after a problem.
/// </summary>
internal sealed class FieldReader(JObject obj, string prefix = "")
{
    internal bool Ok => Problem is null;

    /// <summary>The first wrong field's name (with the prefix of nested readers).</summary>
    internal string? ProblemField { get; private set; }

    /// <summary>A sentence saying what was wrong with <see cref="ProblemField"/>.</summary>
    internal string? Problem { get; private set; }

    internal string String(string name)
    {
        var token = JsonInput.Get(obj, name);
        if (token is null)
        {
            return Fail(name, "is required", string.Empty);
        }

        return token.Type == JTokenType.String && (string)token! is { Length: > 0 } s
            ? s
            : Fail(name, "must be a non-empty string", string.Empty);
    }

    /// <summary>A required string that may be empty (a command name: an empty one is an unknown command, not a bad request).</summary>
    internal string AnyString(string name)
    {
        var token = JsonInput.Get(obj, name);
        if (token is null)
        {
            return Fail(name, "is required", string.Empty);
        }

        return token.Type == JTokenType.String ? (string)token! : Fail(name, "must be a string", string.Empty);
    }

    /// <summary>Whether the field is present and not JSON null.</summary>
    internal bool Has(string name) => JsonInput.Get(obj, name) is not null;

    internal string? OptionalString(string name) => JsonInput.Get(obj, name) is null ? null : String(name);

    internal long Int64(string name, long min, long max)
    {
        var token = JsonInput.Get(obj, name);
        if (token is null)
        {
            return Fail(name, "is required", min);
        }

        return JsonInput.TryGetInt64(token, out var value) && value >= min && value <= max
            ? value
            : Fail(name, string.Create(CultureInfo.InvariantCulture, $"must be an integer from {min} to {max}"), min);
    }

    internal long? OptionalInt64(string name, long min, long max) =>
        JsonInput.Get(obj, name) is null ? null : Int64(name, min, max);

    internal int Int32(string name, int min, int max) => (int)Int64(name, min, max);

    internal bool Bool(string name, bool absent)
    {
        var token = JsonInput.Get(obj, name);
        if (token is null)
        {
            return absent;
        }

        return token.Type == JTokenType.Boolean ? (bool)token! : Fail(name, "must be true or false", absent);
    }

    internal bool Bool(string name)
    {
        var token = JsonInput.Get(obj, name);
        return token is null ? Fail(name, "is required", false) : Bool(name, absent: false);
    }

    internal bool? OptionalBool(string name) => JsonInput.Get(obj, name) is null ? null : Bool(name);

    /// <summary>64 hex digits, returned in lowercase.</summary>
    internal string Sha256(string name)
    {
        var value = String(name);
        if (!Ok)
        {
            return value;
        }

        return Hex.IsSha256(value) ? value.ToLowerInvariant() : Fail(name, "must be 64 hexadecimal digits", string.Empty);
    }

    internal string? OptionalSha256(string name) => JsonInput.Get(obj, name) is null ? null : Sha256(name);

    /// <summary>Unix milliseconds within the range of <see cref="DateTimeOffset"/>.</summary>
    internal DateTimeOffset Time(string name)
    {
        var ms = Int64(name, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    internal IReadOnlyList<T> Objects<T>(string name, Func<FieldReader, T> readItem)
    {
        if (RequiredArray(name) is not { } array)
        {
            return [];
        }

        var items = new List<T>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemName = ItemName(name, i);
            if (array[i] is not JObject itemObject)
            {
                return Fail<IReadOnlyList<T>>(itemName, "must be an object", []);
            }

            var itemReader = new FieldReader(itemObject, prefix + itemName + ".");
            var item = readItem(itemReader);
            if (!itemReader.Ok)
            {
                Adopt(itemReader);
                return [];
            }

            items.Add(item);
        }

        return items;
    }

    internal IReadOnlyList<T>? OptionalObjects<T>(string name, Func<FieldReader, T> readItem) =>
        JsonInput.Get(obj, name) is null ? null : Objects(name, readItem);

    internal IReadOnlyList<string> Strings(string name)
    {
        if (RequiredArray(name) is not { } array)
        {
            return [];
        }

        var items = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i].Type != JTokenType.String)
            {
                return Fail<IReadOnlyList<string>>(ItemName(name, i), "must be a string", []);
            }

            items.Add((string)array[i]!);
        }

        return items;
    }

    private static string ItemName(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    private JArray? RequiredArray(string name)
    {
        var token = JsonInput.Get(obj, name);
        return token as JArray ?? Fail<JArray?>(name, token is null ? "is required" : "must be an array", null);
    }

    internal FieldReader Nested(JObject nested, string name) => new(nested, prefix + name + ".");

    internal void Adopt(FieldReader nested)
    {
        if (Ok && !nested.Ok)
        {
            Problem = nested.Problem;
            ProblemField = nested.ProblemField;
        }
    }

    internal T Fail<T>(string name, string problem, T fallback)
    {
        if (Ok)
        {
            ProblemField = prefix + name;
            Problem = $"'{prefix}{name}' {problem}";
        }

        return fallback;
    }
}
