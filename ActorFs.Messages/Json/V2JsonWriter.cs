using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace ActorFs.Messages;

/// <summary>Writes one compact JSON object followed by a newline, as UTF-8 bytes.</summary>
internal sealed class V2JsonWriter : IDisposable
{
    private readonly StringWriter _text = new(CultureInfo.InvariantCulture);
    private readonly JsonTextWriter _json;

    internal V2JsonWriter() => _json = new JsonTextWriter(_text) { Formatting = Formatting.None };

    internal void Start() => _json.WriteStartObject();

    internal void StartObject(string name)
    {
        _json.WritePropertyName(name);
        _json.WriteStartObject();
    }

    internal void StartObject() => _json.WriteStartObject();

    internal void EndObject() => _json.WriteEndObject();

    internal void StartArray(string name)
    {
        _json.WritePropertyName(name);
        _json.WriteStartArray();
    }

    internal void EndArray() => _json.WriteEndArray();

    internal void StringValue(string value) => _json.WriteValue(value);

    internal void String(string name, string? value)
    {
        _json.WritePropertyName(name);
        _json.WriteValue(value);
    }

    internal void OptionalString(string name, string? value)
    {
        if (value is not null)
        {
            String(name, value);
        }
    }

    internal void Number(string name, long? value)
    {
        _json.WritePropertyName(name);
        _json.WriteValue(value);
    }

    internal void OptionalNumber(string name, long? value)
    {
        if (value is not null)
        {
            Number(name, value);
        }
    }

    internal void Time(string name, DateTimeOffset value) => Number(name, value.ToUnixTimeMilliseconds());

    internal void Bool(string name, bool value)
    {
        _json.WritePropertyName(name);
        _json.WriteValue(value);
    }

    internal void OptionalBool(string name, bool? value)
    {
        if (value is { } present)
        {
            Bool(name, present);
        }
    }

    internal void Null(string name)
    {
        _json.WritePropertyName(name);
        _json.WriteNull();
    }

    internal byte[] Finish()
    {
        _json.WriteEndObject();
        _json.Flush();
        _text.Write('\n');
        return Encoding.UTF8.GetBytes(_text.ToString());
    }

    public void Dispose()
    {
        ((IDisposable)_json).Dispose();
        _text.Dispose();
    }
}
