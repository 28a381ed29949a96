using System.Text.Json;

namespace ActorFs.Tests.Configuration;

/// <summary>
/// Compares two JSON trees by the conformance rules: object keys in any order, arrays in order, numbers by value,
/// and no number ever equal to a string. Returns the first difference, or null.
/// </summary>
internal static class JsonTree
{
    public static string? FirstDifference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind} {expected}, found {actual.ValueKind} {actual}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], found [{string.Join(", ", actualKeys)}]";
                }

                return expectedKeys
                    .Select(key => FirstDifference(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}"))
                    .FirstOrDefault(difference => difference is not null);
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} elements, found {actual.GetArrayLength()}";
                }

                return expected.EnumerateArray().Zip(actual.EnumerateArray())
                    .Select((pair, i) => FirstDifference(pair.First, pair.Second, $"{path}[{i}]"))
                    .FirstOrDefault(difference => difference is not null);
            case JsonValueKind.Number:
                return expected.GetDouble() == actual.GetDouble() ? null : $"{path}: expected {expected}, found {actual}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected \"{expected}\", found \"{actual}\"";
            default:
                return null;
        }
    }
}
