namespace ActorFs.Messages;

/// <summary>Wire names of <see cref="V2.EntryKind"/>.</summary>
internal static class EntryKinds
{
    internal static string ToWire(V2.EntryKind kind) => kind switch
    {
        V2.EntryKind.File => "file",
        V2.EntryKind.Directory => "directory",
        _ => "other",
    };

    internal static V2.EntryKind? FromWire(string wire) => wire switch
    {
        "file" => V2.EntryKind.File,
        "directory" => V2.EntryKind.Directory,
        "other" => V2.EntryKind.Other,
        _ => null,
    };
}
