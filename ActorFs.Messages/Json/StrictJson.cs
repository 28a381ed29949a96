namespace ActorFs.Messages;

/// <summary>
/// Checks that bytes are exactly one JSON value as Python's <c>json.loads</c> accepts it: RFC 8259 plus
/// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>. Newtonsoft.Json alone would also take comments,
/// single quotes, unquoted names and constructors, which the legacy server refused and v2 does not allow.
/// </summary>
internal static class StrictJson
{
    internal static bool IsValid(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var pos = 0;
        SkipWhitespace(utf8, ref pos);
        if (!Value(utf8, ref pos, maxDepth))
        {
            return false;
        }

        SkipWhitespace(utf8, ref pos);
        return pos == utf8.Length;
    }

    private static bool Value(ReadOnlySpan<byte> s, ref int pos, int depthLeft)
    {
        if (pos >= s.Length)
        {
            return false;
        }

        switch (s[pos])
        {
            case (byte)'{':
                return depthLeft > 0 && Object(s, ref pos, depthLeft - 1);
            case (byte)'[':
                return depthLeft > 0 && Array(s, ref pos, depthLeft - 1);
            case (byte)'"':
                return String(s, ref pos);
            case (byte)'t':
                return Literal(s, ref pos, "true"u8);
            case (byte)'f':
                return Literal(s, ref pos, "false"u8);
            case (byte)'n':
                return Literal(s, ref pos, "null"u8);
            case (byte)'N':
                return Literal(s, ref pos, "NaN"u8);
            case (byte)'I':
                return Literal(s, ref pos, "Infinity"u8);
            case (byte)'-' when pos + 1 < s.Length && s[pos + 1] == (byte)'I':
                pos++;
                return Literal(s, ref pos, "Infinity"u8);
            default:
                return Number(s, ref pos);
        }
    }

    private static bool Object(ReadOnlySpan<byte> s, ref int pos, int depthLeft)
    {
        pos++; // {
        SkipWhitespace(s, ref pos);
        if (pos < s.Length && s[pos] == (byte)'}')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos >= s.Length || s[pos] != (byte)'"' || !String(s, ref pos))
            {
                return false;
            }

            SkipWhitespace(s, ref pos);
            if (pos >= s.Length || s[pos] != (byte)':')
            {
                return false;
            }

            pos++;
            SkipWhitespace(s, ref pos);
            if (!Value(s, ref pos, depthLeft) || !AfterItem(s, ref pos, (byte)'}', out var end))
            {
                return false;
            }

            if (end)
            {
                return true;
            }
        }
    }

    private static bool Array(ReadOnlySpan<byte> s, ref int pos, int depthLeft)
    {
        pos++; // [
        SkipWhitespace(s, ref pos);
        if (pos < s.Length && s[pos] == (byte)']')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (!Value(s, ref pos, depthLeft) || !AfterItem(s, ref pos, (byte)']', out var end))
            {
                return false;
            }

            if (end)
            {
                return true;
            }
        }
    }

    /// <summary>After a member or element: true at the closer (<paramref name="end"/> set) or after a comma; false otherwise.</summary>
    private static bool AfterItem(ReadOnlySpan<byte> s, ref int pos, byte closer, out bool end)
    {
        end = false;
        SkipWhitespace(s, ref pos);
        if (pos >= s.Length)
        {
            return false;
        }

        if (s[pos] == closer)
        {
            pos++;
            end = true;
            return true;
        }

        if (s[pos] != (byte)',')
        {
            return false;
        }

        pos++;
        SkipWhitespace(s, ref pos);
        return true;
    }

    private static bool String(ReadOnlySpan<byte> s, ref int pos)
    {
        pos++; // opening quote
        while (pos < s.Length)
        {
            var b = s[pos++];
            if (b == (byte)'"')
            {
                return true;
            }

            if (b < 0x20)
            {
                return false;
            }

            if (b != (byte)'\\')
            {
                continue;
            }

            if (pos >= s.Length)
            {
                return false;
            }

            switch (s[pos++])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    break;
                case (byte)'u':
                    if (pos + 4 > s.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < 4; i++)
                    {
                        if (!char.IsAsciiHexDigit((char)s[pos++]))
                        {
                            return false;
                        }
                    }

                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool Number(ReadOnlySpan<byte> s, ref int pos)
    {
        if (pos < s.Length && s[pos] == (byte)'-')
        {
            pos++;
        }

        if (pos >= s.Length)
        {
            return false;
        }

        if (s[pos] == (byte)'0')
        {
            pos++;
        }
        else if (!Digits(s, ref pos))
        {
            return false;
        }

        if (pos < s.Length && s[pos] == (byte)'.')
        {
            pos++;
            if (!Digits(s, ref pos))
            {
                return false;
            }
        }

        if (pos < s.Length && s[pos] is (byte)'e' or (byte)'E')
        {
            pos++;
            if (pos < s.Length && s[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            if (!Digits(s, ref pos))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && s[pos] is >= (byte)'0' and <= (byte)'9')
        {
            pos++;
        }

        return pos > start;
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!s[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    private static void SkipWhitespace(ReadOnlySpan<byte> s, ref int pos)
    {
        while (pos < s.Length && s[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }
    }
}
