using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActorFs.Actors.Configuration;

/// <summary>
/// Renders a resolved tree as readable HOCON (what <c>actorfs-node config</c> prints), optionally with a
/// "# file:line" comment above each setting saying where it was set.
/// </summary>
public static class HoconRenderer
{
    private const string Indent = "  ";

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(HoconObject root, bool includeOrigins = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        var output = new StringBuilder();
        WriteFields(output, root, depth: 0, includeOrigins);
        return output.ToString();
    }

    private static void WriteFields(StringBuilder output, HoconObject obj, int depth, bool includeOrigins)
    {
        var indent = string.Concat(Enumerable.Repeat(Indent, depth));
        foreach (var (key, value) in obj.Fields)
        {
            if (includeOrigins && value is not HoconObject)
            {
                output.Append(indent).Append("# ").Append(value.Origin).Append('\n');
            }

            output.Append(indent).Append(HoconPath.RenderKey(key));
            if (value is HoconObject nested)
            {
                output.Append(" {\n");
                WriteFields(output, nested, depth + 1, includeOrigins);
                output.Append(indent).Append("}\n");
            }
            else
            {
                output.Append(" = ");
                WriteValue(output, value, depth, includeOrigins);
                output.Append('\n');
            }
        }
    }

    private static void WriteValue(StringBuilder output, HoconValue value, int depth, bool includeOrigins)
    {
        switch (value)
        {
            case HoconObject obj:
                output.Append("{\n");
                WriteFields(output, obj, depth + 1, includeOrigins);
                output.Append(string.Concat(Enumerable.Repeat(Indent, depth))).Append('}');
                break;
            case HoconArray array:
                output.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    output.Append(i == 0 ? string.Empty : ", ");
                    WriteValue(output, array.Items[i], depth, includeOrigins: false);
                }

                output.Append(']');
                break;
            case HoconScalar { Kind: HoconScalarKind.String } text:
                output.Append(JsonSerializer.Serialize(text.Text, StringOptions));
                break;
            case HoconScalar scalar:
                output.Append(scalar.Text);
                break;
            default:
                throw new InvalidOperationException($"Cannot render an unresolved {value.KindName} at {value.Origin}.");
        }
    }
}
