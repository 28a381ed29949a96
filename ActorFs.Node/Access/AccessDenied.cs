using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

internal static class AccessDenied
{
    /// <summary>A refusal that says what was needed and what the user has, naming the virtual path only.</summary>
    public static StorageException For(VirtualPath path, AccessLevel needed, AccessLevel has) => new(
        StorageErrorKind.PermissionDenied,
        has == AccessLevel.None
            ? $"Permission denied: {path} (you have no access to it)"
            : $"Permission denied: {path} needs {needed.ToWire()} access (you have {has.ToWire()})",
        path.Value);
}
