using ActorFs.Node.Quotas;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Rebuilds a user's usage by walking their home folder on disk: the sizes and number of regular files.
/// Symbolic links are neither counted nor followed (what they point at is charged where it lies), and
/// entries that vanish or cannot be read during the walk are skipped.
/// </summary>
internal static class UsageCounter
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>What the files under <paramref name="homeHostPath"/> take; zero when the folder does not exist.</summary>
    public static Usage Count(string homeHostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeHostPath);
        var home = new DirectoryInfo(homeHostPath);
        if (!home.Exists || home.LinkTarget is not null)
        {
            return Usage.Zero;
        }

        long bytes = 0, files = 0;
        foreach (var file in home.EnumerateFiles("*", Walk))
        {
            try
            {
                bytes += file.Length;
                files++;
            }
            catch (FileNotFoundException)
            {
                // deleted while the walk ran
            }
        }

        return new Usage(bytes, files);
    }

    /// <summary>The usage of every user in <paramref name="document"/>, each from <c>ROOT/home/NAME</c>.</summary>
    public static IReadOnlyDictionary<string, Usage> CountAll(string rootHostPath, AccountsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Users.Keys.ToDictionary(name => name, name => Count(HomeHostPath(rootHostPath, name)), StringComparer.Ordinal);
    }

    /// <summary>The host path of <c>/home/NAME</c> under a node root.</summary>
    public static string HomeHostPath(string rootHostPath, string name) =>
        Path.Join(Path.GetFullPath(rootHostPath), UserRecord.HomeFolder, UserNames.Validate(name));
}
