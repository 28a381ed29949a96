namespace ActorFs.Tests.Configuration;

/// <summary>Locates ../shared/hocon-conformance next to the repository (the folder holding ActorFs.sln).</summary>
internal static class ConformanceCorpus
{
    public const string MissingReason =
        "The HOCON conformance corpus (../shared/hocon-conformance next to the folder holding ActorFs.sln) is not present.";

    public static string? Directory { get; } = Locate();

    public static IEnumerable<object[]> Cases()
    {
        if (Directory is null)
        {
            return [];
        }

        return System.IO.Directory.GetDirectories(Directory, "equiv*")
            .Order(StringComparer.Ordinal)
            .SelectMany(folder => System.IO.Directory.GetFiles(folder)
                .Where(file => file.EndsWith(".conf", StringComparison.Ordinal) ||
                    (file.EndsWith(".json", StringComparison.Ordinal) && Path.GetFileName(file) != "original.json"))
                .Order(StringComparer.Ordinal)
                .Select(file => new object[] { Path.GetFileName(folder), Path.GetFileName(file) }));
    }

    private static string? Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActorFs.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "hocon-conformance"));
                return System.IO.Directory.Exists(corpus) ? corpus : null;
            }
        }

        return null;
    }
}
