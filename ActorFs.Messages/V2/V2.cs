namespace ActorFs.Messages;

/// <summary>
/// Protocol v2 (docs/PROTOCOL.md): requests carry an <c>id</c> echoed in their reply; replies carry an
/// HTTP-shaped status, a machine error code and structured content; the node pushes events about the
/// session's own transfers. Records are nested by family: <see cref="Requests"/>, <see cref="Replies"/>, <see cref="Events"/>.
/// </summary>
public static partial class V2
{
    /// <summary>The protocol version a <c>hello</c> asks for.</summary>
    public const int ProtocolVersion = 2;

    /// <summary>The most entries one <c>ls</c> page holds; also the default page size.</summary>
    public const int MaxListLimit = 1000;

    /// <summary>The largest request id: ids are integers 0 to 2^53-1, so every JSON implementation reads them exactly.</summary>
    public const long MaxId = (1L << 53) - 1;

    /// <summary>A request from client to node. <see cref="Id"/> is chosen by the client and echoed in the reply.</summary>
    public abstract record Request(long Id)
    {
        /// <summary>The command's wire name, one of <see cref="Commands"/>.</summary>
        public abstract string Command { get; }
    }

    /// <summary>Anything the node writes on a v2 control connection: a reply, an error reply, or an event.</summary>
    public abstract record ServerMessage;

    /// <summary>A successful reply to the request with the same <see cref="Id"/>.</summary>
    public abstract record Reply(long Id) : ServerMessage
    {
        /// <summary>The command answered, one of <see cref="Commands"/>.</summary>
        public abstract string Command { get; }

        /// <summary>200, 201 or 202, fixed per reply type.</summary>
        public virtual StatusCode Status => StatusCode.Ok;
    }

    /// <summary>A failed request.</summary>
    /// <param name="Id">The request's id; null when the request was unreadable or had no valid id.</param>
    /// <param name="Command">The command, when it could be read.</param>
    /// <param name="Status">The HTTP-shaped status; normally <c>Error.Status()</c> (see <see cref="Of"/>).</param>
    /// <param name="Error">The stable machine code.</param>
    /// <param name="Message">A short human sentence; never contains host paths or secrets.</param>
    /// <param name="Field">For 400 errors, the request field that was missing or wrong.</param>
    public sealed record ErrorReply(long? Id, string? Command, StatusCode Status, ErrorCode Error, string Message, string? Field = null) : ServerMessage
    {
        /// <summary>An error reply whose status is the catalog's status for <paramref name="error"/>.</summary>
        public static ErrorReply Of(long? id, string? command, ErrorCode error, string message, string? field = null) =>
            new(id, command, error.Status(), error, message, field);
    }

    /// <summary>A message the node pushes about one of the session's transfers.</summary>
    /// <param name="Id">The id of the get or put request that started the transfer.</param>
    /// <param name="Transfer">The transfer id from the get/put reply.</param>
    public abstract record TransferEvent(long Id, string Transfer) : ServerMessage
    {
        /// <summary>The event's wire name, one of <see cref="EventNames"/>.</summary>
        public abstract string Name { get; }
    }

    /// <summary>What a directory entry is.</summary>
    public enum EntryKind
    {
        /// <summary>Anything else (device, socket, fifo); wire <c>"other"</c>.</summary>
        Other = 0,

        /// <summary>A regular file; wire <c>"file"</c>.</summary>
        File,

        /// <summary>A directory; wire <c>"directory"</c>.</summary>
        Directory,
    }

    /// <summary>One directory entry as ls and stat show it.</summary>
    /// <param name="Name">The entry's name (one path segment).</param>
    /// <param name="Kind">File, directory or other.</param>
    /// <param name="Size">Bytes for files; null for directories and others.</param>
    /// <param name="Modified">Modification time; on the wire Unix milliseconds, so sub-millisecond precision is dropped.</param>
    /// <param name="Sha256">64 lowercase hex digits when the node has it cached; null otherwise (ask with sha256).</param>
    /// <param name="Owner">The user who owns the entry (it lies under their home); null when it belongs to the node or the node has no accounts. Sent only when set.</param>
    /// <param name="Shared">Whether the entry has a grant or a public flag of its own; null when the node does not say. Sent only when set.</param>
    public sealed record Entry(
        string Name, EntryKind Kind, long? Size, DateTimeOffset Modified, string? Sha256, string? Owner = null, bool? Shared = null);

    /// <summary>One line of help.</summary>
    /// <param name="Name">The command name.</param>
    /// <param name="Usage">Its fields, e.g. <c>mv from to [overwrite]</c>.</param>
    /// <param name="Summary">One sentence.</param>
    public sealed record CommandHelp(string Name, string Usage, string Summary);

    /// <summary>Command wire names. Reserved names are documented in docs/PROTOCOL.md and answered with <c>unknown_command</c> today.</summary>
    public static class Commands
    {
        /// <summary>Switch the session to v2.</summary>
        public const string Hello = "hello";

        /// <summary>Working directory.</summary>
        public const string Pwd = "pwd";

        /// <summary>Change working directory.</summary>
        public const string Cd = "cd";

        /// <summary>List a directory, paged.</summary>
        public const string Ls = "ls";

        /// <summary>Create a directory.</summary>
        public const string Mkdir = "mkdir";

        /// <summary>Remove a file.</summary>
        public const string Rm = "rm";

        /// <summary>Remove an empty directory.</summary>
        public const string Rmdir = "rmdir";

        /// <summary>Move or rename.</summary>
        public const string Mv = "mv";

        /// <summary>Describe one path.</summary>
        public const string Stat = "stat";

        /// <summary>A file's SHA-256.</summary>
        public const string Sha256 = "sha256";

        /// <summary>Download.</summary>
        public const string Get = "get";

        /// <summary>Upload.</summary>
        public const string Put = "put";

        /// <summary>List commands.</summary>
        public const string Help = "help";

        /// <summary>End the session.</summary>
        public const string Bye = "bye";

        /// <summary>Sign in with a name and password, or with a session token.</summary>
        public const string Auth = "auth";

        /// <summary>Revoke the session token this session signed in with.</summary>
        public const string Logout = "logout";

        /// <summary>Change the signed-in user's password.</summary>
        public const string Passwd = "passwd";

        /// <summary>Who the session is.</summary>
        public const string Whoami = "whoami";

        /// <summary>Grant a user a level on a path.</summary>
        public const string Share = "share";

        /// <summary>Remove a user's grant on a path.</summary>
        public const string Unshare = "unshare";

        /// <summary>Make a path readable by every signed-in user, or stop.</summary>
        public const string Public = "public";

        /// <summary>Space and file counts of the signed-in user.</summary>
        public const string Info = "info";

        /// <summary>Manage accounts (admins only).</summary>
        public const string User = "user";

        /// <summary>Upload bytes to the end of a file.</summary>
        public const string Append = "append";

        /// <summary>Upload bytes over a range of a file.</summary>
        public const string Write = "write";

        /// <summary>Names kept for a later issue (many nodes); not implemented.</summary>
        public static IReadOnlyList<string> Reserved { get; } = ["nodes", "find", "watch", "unwatch"];
    }

    /// <summary>Event wire names.</summary>
    public static class EventNames
    {
        /// <summary>Bytes moved so far.</summary>
        public const string Progress = "progress";

        /// <summary>A transfer finished and its SHA-256 matched.</summary>
        public const string Verified = "verified";

        /// <summary>A transfer failed.</summary>
        public const string Failed = "failed";
    }
}
