// Tab completion: command names for the first word; local paths for local commands and put's first
// argument; remote paths (from a listing) otherwise.
namespace ActorFs.Client.Shell;

internal sealed partial class ShellSession
{
    private static readonly string[] LocalFirst = ["lcd", "lls", "lmkdir", "ldir", "put"];

    /// <summary>Completions for the word under the cursor, given the line up to the cursor, each already quoted.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(string before, CancellationToken cancellationToken)
    {
        var start = LineEditor.WordStart(before);
        var word = before[start..].Trim('"', '\'');
        CommandText.TryTokenize(before[..start], out var previous);
        if (previous.Count == 0)
        {
            return [.. CommandNames.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Distinct()];
        }

        var arguments = previous.Skip(1).Count(w => !w.StartsWith('-'));
        var first = previous[0].ToLowerInvariant();
        var local = LocalFirst.Contains(first) && (first != "put" || arguments == 0)
            || (previous[0].Equals("get", StringComparison.OrdinalIgnoreCase) && arguments == 1);
        var slash = word.LastIndexOf('/');
        var dirPart = slash < 0 ? string.Empty : word[..(slash + 1)];
        var prefix = word[(slash + 1)..];
        try
        {
            IEnumerable<(string Name, bool Directory)> names;
            if (local)
            {
                var dir = ResolveLocal(dirPart.Length == 0 ? "." : dirPart);
                names = Directory.Exists(dir)
                    ? new DirectoryInfo(dir).EnumerateFileSystemInfos().Select(i => (i.Name, i is DirectoryInfo))
                    : [];
            }
            else
            {
                var entries = await client.ListAsync(dirPart.Length == 0 ? null : dirPart, cancellationToken).ConfigureAwait(false);
                names = entries.Select(e => (e.Name, e.Kind == ActorFs.Messages.V2.EntryKind.Directory));
            }

            return [.. names
                .Where(n => n.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => CommandText.Quote(dirPart + n.Name) + (n.Directory ? "/" : string.Empty))];
        }
        catch (Exception e) when (e is ActorFsException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
