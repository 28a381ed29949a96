using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorFs.Messages;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Commands;

/// <summary>
/// Listing helpers: the opaque v2 <c>ls</c> cursor (base64url of the last name returned, which the store
/// resumes after), the mapping of store entries to wire entries, and the bounded window a legacy <c>ls</c>
/// reads so that a huge directory never materialises more names than a 4096-byte reply can show.
/// </summary>
internal static class ListingPager
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The wire cursor for the store's next-page name; null on the last page.</summary>
    public static string? EncodeCursor(string? afterName) =>
        afterName is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(afterName));

    /// <summary>Reads a cursor from a client: base64url of a valid entry name.</summary>
    public static bool TryDecodeCursor(string cursor, [NotNullWhen(true)] out string? afterName)
    {
        afterName = null;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1024 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            var name = StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!VirtualPath.IsValidName(name, out _))
            {
                return false;
            }

            afterName = name;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A store entry as ls and stat show it on the wire.</summary>
    public static V2.Entry ToWire(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var kind = entry.Kind switch
        {
            FileKind.File => V2.EntryKind.File,
            FileKind.Directory => V2.EntryKind.Directory,
            _ => V2.EntryKind.Other,
        };
        return new V2.Entry(
            entry.Name,
            kind,
            kind == V2.EntryKind.File ? entry.Size : null,
            ToOffset(entry.LastWriteTimeUtc),
            entry.Sha256);
    }

    /// <summary>A store time (UTC) as a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>
    /// The names a legacy <c>ls</c> needs, as a list of the directory's full length for <see cref="LegacyListing.Fit"/>:
    /// only the first few names are read (each shown entry costs at least 3 reply bytes, so no more can fit),
    /// and any index past them answers a name too long to fit, so <c>Fit</c> stops there and counts the rest as left out.
    /// </summary>
    public static IReadOnlyList<string> LegacyWindow(IFileStore store, VirtualPath directory, int replyLimit)
    {
        ArgumentNullException.ThrowIfNull(store);
        var page = store.List(directory, new PageRequest(Limit: (replyLimit / 3) + 2));
        return new Window([.. page.Entries.Select(e => e.Name)], Math.Max(page.Total, page.Entries.Count), new string('x', replyLimit + 1));
    }

    private sealed class Window(string[] names, int total, string tooLong) : IReadOnlyList<string>
    {
        public int Count => total;

        public string this[int index] => index < names.Length ? names[index] : tooLong;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < total; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
