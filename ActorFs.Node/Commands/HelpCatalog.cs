using ActorFs.Messages;

namespace ActorFs.Node.Commands;

/// <summary>The v2 <c>help</c> texts: one usage line and one sentence per command, in the order of docs/PROTOCOL.md section 4.5.</summary>
internal static class HelpCatalog
{
    /// <summary>Every command the node implements.</summary>
    public static IReadOnlyList<V2.CommandHelp> All { get; } =
    [
        new(V2.Commands.Hello, "hello protocol [client]", "Switch the session to protocol v2."),
        new(V2.Commands.Pwd, "pwd", "Show the working directory."),
        new(V2.Commands.Cd, "cd path", "Change the working directory."),
        new(V2.Commands.Ls, "ls [path] [cursor] [limit]", "List a directory, one page at a time."),
        new(V2.Commands.Mkdir, "mkdir path", "Create one directory."),
        new(V2.Commands.Rm, "rm path", "Remove a file."),
        new(V2.Commands.Rmdir, "rmdir path", "Remove an empty directory."),
        new(V2.Commands.Mv, "mv from to [overwrite]", "Move or rename."),
        new(V2.Commands.Stat, "stat path", "Describe one path."),
        new(V2.Commands.Sha256, "sha256 path", "Show a file's SHA-256."),
        new(V2.Commands.Get, "get path [offset]", "Download a file."),
        new(V2.Commands.Put, "put path size [sha256] [overwrite]", "Upload a file."),
        new(V2.Commands.Append, "append path size [sha256]", "Add bytes to the end of a file, all or nothing."),
        new(V2.Commands.Write, "write path offset size [sha256]", "Overwrite a range of a file (growing it if needed), all or nothing."),
        new(V2.Commands.Auth, "auth name password | auth token", "Sign in, or resume a session with its token."),
        new(V2.Commands.Logout, "logout", "Sign out and revoke this session's token."),
        new(V2.Commands.Passwd, "passwd old_password new_password", "Change your password; older session tokens stop working."),
        new(V2.Commands.Whoami, "whoami", "Show who this session acts for."),
        new(V2.Commands.Share, "share path user level", "Grant a user read, write or manage access to a path and everything below it."),
        new(V2.Commands.Unshare, "unshare path user", "Revoke a user's grant on a path."),
        new(V2.Commands.Public, "public path on", "Make a path readable by every signed-in user, or not."),
        new(V2.Commands.Info, "info", "Show your usage, quota and the free space."),
        new(V2.Commands.User, "user action [name] [password] [quota_bytes] [max_files] [admin] [disabled]", "Manage accounts (administrators): add, del, passwd, set, list."),
        new(V2.Commands.Help, "help [topic]", "List commands, or describe one."),
        new(V2.Commands.Bye, "bye", "End the session."),
    ];

    /// <summary>The entry for one command name, or null.</summary>
    public static V2.CommandHelp? Find(string topic) =>
        All.FirstOrDefault(h => string.Equals(h.Name, topic, StringComparison.Ordinal));
}
