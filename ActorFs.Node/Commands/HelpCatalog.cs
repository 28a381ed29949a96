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
        new(V2.Commands.Help, "help [topic]", "List commands, or describe one."),
        new(V2.Commands.Bye, "bye", "End the session."),
    ];

    /// <summary>The entry for one command name, or null.</summary>
    public static V2.CommandHelp? Find(string topic) =>
        All.FirstOrDefault(h => string.Equals(h.Name, topic, StringComparison.Ordinal));
}
