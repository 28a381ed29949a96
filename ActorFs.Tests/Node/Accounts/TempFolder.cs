namespace ActorFs.Tests.Node.Accounts;

/// <summary>A throwaway folder, deleted on Dispose; <see cref="Root"/> is a node root inside it, not yet created.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("actorfs-accounts-").FullName;

    public string Path { get; }

    public string Root => System.IO.Path.Join(Path, "root");

    public string this[string relative] => System.IO.Path.Join(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
