using ActorFs.Node.Storage;

namespace ActorFs.Node.Access;

internal static class AccessDenied
{
    /// <summary>A refusal that says what was needed and what the user has, naming the virtual path only.</summary>
    public static StorageException For(Principal principal, VirtualPath path, AccessLevel needed, AccessLevel has) => principal.IsAnonymous
        ? new(StorageErrorKind.SignInRequired, $"Sign in first: {path} is not open to anonymous sessions on this node", path.Value)
        : For(path, needed, has);

    public static StorageException For(VirtualPath path, AccessLevel needed, AccessLevel has) => new(
        StorageErrorKind.PermissionDenied,
        has == AccessLevel.None
            ? $"Permission denied: {path} (you have no access to it)"
            : $"Permission denied: {path} needs {needed.ToWire()} access (you have {has.ToWire()})",
        path.Value);
}
