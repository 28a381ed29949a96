using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

/// <summary>
/// A throwaway folder laid out as <c>base/data</c> (the store's root), <c>base/data2</c> (a sibling sharing its
/// prefix) and <c>base/outside</c>, deleted on Dispose.
/// </summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Base = Directory.CreateTempSubdirectory("actorfs-storage-").FullName;
        Root = Directory.CreateDirectory(Path.Join(Base, "data")).FullName;
        Sibling = Directory.CreateDirectory(Path.Join(Base, "data2")).FullName;
        Outside = Directory.CreateDirectory(Path.Join(Base, "outside")).FullName;
        File.WriteAllText(Path.Join(Sibling, "secret.txt"), "sibling secret");
        File.WriteAllText(Path.Join(Outside, "secret.txt"), "outside secret");
    }

    public string Base { get; }

    public string Root { get; }

    public string Sibling { get; }

    public string Outside { get; }

    public LocalFileStore CreateStore(LocalFileStoreOptions? options = null) => new(Root, options);

    public string HostPath(string relative) => Path.Join(Root, relative);

    public void WriteFile(string relative, string content)
    {
        var path = HostPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Base, recursive: true);
}
