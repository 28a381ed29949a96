using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ActorFs.Messages;

/// <summary>Parses one frame into a JSON object, turning every failure of hostile input into <c>null</c>.</summary>
internal static class JsonInput
{
    internal const int MaxDepth = JsonFrameDecoder.MaxSupportedDepth;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonLoadSettings LoadSettings = new()
    {
        CommentHandling = CommentHandling.Ignore,
        LineInfoHandling = LineInfoHandling.Ignore,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Replace,
    };

    /// <summary>The object in <paramref name="utf8"/>, or null if it is not exactly one well-formed JSON object.</summary>
    internal static JObject? ParseObject(ReadOnlySpan<byte> utf8)
    {
        if (!StrictJson.IsValid(utf8, MaxDepth))
        {
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = MaxDepth,
            };
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                return null;
            }

            var obj = JObject.Load(reader, LoadSettings);
            return reader.Read() ? null : obj; // StrictJson already refused trailing content; kept as a guard
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The property's value, treating JSON null and absence alike.</summary>
    internal static JToken? Get(JObject obj, string name)
    {
        var token = obj[name];
        return token is null || token.Type == JTokenType.Null ? null : token;
    }

    /// <summary>An integer token as a long; false for floats, strings, and integers beyond 64 bits.</summary>
    internal static bool TryGetInt64(JToken token, out long value)
    {
        value = 0;
        if (token.Type != JTokenType.Integer || token is not JValue jv)
        {
            return false;
        }

        // Newtonsoft holds integers beyond 64 bits as BigInteger: those are out of range, not errors.
        if (jv.Value is long l)
        {
            value = l;
            return true;
        }

        return false;
    }
}
