using System.Globalization;
using System.Text;

namespace ActorFs.Messages;

/// <summary>
/// Builds the <c>content</c> of a legacy <c>ls</c> reply so that the whole encoded reply fits the
/// client's single 4096-byte read: entries are cut at an entry boundary and a last line says how many were left out.
/// </summary>
public static class LegacyListing
{
    // {"status_code": 200, "status_message": "OK", "content": "..."} without the content's characters.
    private static readonly int ReplyOverhead = LegacyCodec.EncodeReply(Legacy.Reply.Ok(string.Empty)).Length;

    /// <summary>The last line of a cut listing, e.g. <c>(3 more entries not shown)</c>.</summary>
    public static string OmittedLine(int omitted) => omitted == 1
        ? "(1 more entry not shown)"
        : string.Create(CultureInfo.InvariantCulture, $"({omitted} more entries not shown)");

    /// <summary>
    /// The listing content: names joined by <c>\n</c> (no trailing newline), or null for an empty directory,
    /// cut so that <c>EncodeReply(Reply.Ok(content))</c> is at most <paramref name="maxReplyBytes"/> bytes.
    /// </summary>
    public static string? Fit(IReadOnlyList<string> names, int maxReplyBytes = Legacy.MaxReplyBytes)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return null;
        }

        var budget = maxReplyBytes - ReplyOverhead;
        var escaped = 0; // escaped length of names[0..kept) joined by "\n" (2 bytes escaped)
        var kept = 0;
        var bestKept = 0;
        while (true)
        {
            var omitted = names.Count - kept;
            if (omitted == 0)
            {
                if (escaped <= budget)
                {
                    bestKept = kept;
                }

                break;
            }

            var footer = PythonJson.EscapedLength(OmittedLine(omitted)) + (kept > 0 ? 2 : 0);
            if (escaped + footer <= budget)
            {
                bestKept = kept;
            }

            var next = escaped + (kept > 0 ? 2 : 0) + PythonJson.EscapedLength(names[kept]);
            if (next > budget)
            {
                break;
            }

            escaped = next;
            kept++;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < bestKept; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            sb.Append(names[i]);
        }

        if (bestKept < names.Count)
        {
            if (bestKept > 0)
            {
                sb.Append('\n');
            }

            sb.Append(OmittedLine(names.Count - bestKept));
        }

        return sb.ToString();
    }
}
