namespace ActorFs.Messages;

/// <summary>
/// The legacy protocol of the Python file server (docs/PROTOCOL.md, LEGACY-PROTOCOL.md): its request,
/// its two reply shapes and its exact status texts. Encoding is in <see cref="LegacyCodec"/>.
/// </summary>
public static class Legacy
{
    /// <summary>The largest reply the Python client can read (it reads once, 4096 bytes).</summary>
    public const int MaxReplyBytes = 4096;

    /// <summary>The only success status.</summary>
    public const int StatusOk = 200;

    /// <summary>The only failure status.</summary>
    public const int StatusError = 500;

    /// <summary>A control request: <c>{"command": "ls", "argument": null}</c>.</summary>
    /// <param name="Command">The command name as sent (case-sensitive, not checked against the known set).</param>
    /// <param name="Argument">The argument, or null when the client sent JSON null.</param>
    public sealed record Request(string Command, string? Argument);

    /// <summary>A plain reply: <c>{"status_code": 200, "status_message": "OK", "content": null}</c>.</summary>
    /// <param name="StatusCode"><see cref="StatusOk"/> or <see cref="StatusError"/>.</param>
    /// <param name="StatusMessage">One of <see cref="StatusMessages"/>.</param>
    /// <param name="Content">The command's output, or null.</param>
    public sealed record Reply(int StatusCode, string StatusMessage, string? Content)
    {
        /// <summary>A success reply carrying <paramref name="content"/>.</summary>
        public static Reply Ok(string? content = null) => new(StatusOk, StatusMessages.Ok, content);

        /// <summary>A failure reply with one of the <see cref="StatusMessages"/> texts and no content.</summary>
        public static Reply Error(string statusMessage) => new(StatusError, statusMessage, null);
    }

    /// <summary>The reply that allows a get or put; the client echoes it on the transfer port.</summary>
    /// <param name="Operation"><see cref="Operations.Get"/> or <see cref="Operations.Put"/>.</param>
    /// <param name="AbsolutePath">The normalised virtual path; its last segment is the file name the client uses.</param>
    /// <param name="FileSize">The file's size for get; null for put.</param>
    /// <param name="Token">A single-use, URL-safe transfer token.</param>
    /// <param name="TransferPort">The node's transfer port.</param>
    /// <param name="Sha256Sum">64 lowercase hex digits for get; null for put.</param>
    public sealed record TransferReply(string Operation, string AbsolutePath, long? FileSize, string Token, int TransferPort, string? Sha256Sum)
    {
        /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
        public override string ToString() =>
            $"TransferReply {{ Operation = {Operation}, AbsolutePath = {AbsolutePath}, FileSize = {FileSize}, TransferPort = {TransferPort} }}";
    }

    /// <summary>The two transfer operations as the legacy wire spells them.</summary>
    public static class Operations
    {
        /// <summary>Download.</summary>
        public const string Get = "get";

        /// <summary>Upload.</summary>
        public const string Put = "put";
    }

    /// <summary>The legacy command names (case-sensitive).</summary>
    public static class Commands
    {
        /// <summary>Print the working directory; argument must be null.</summary>
        public const string Pwd = "pwd";

        /// <summary>List a directory; argument null (working directory) or a path.</summary>
        public const string Ls = "ls";

        /// <summary>Change directory; argument a non-empty path.</summary>
        public const string Cd = "cd";

        /// <summary>Create one directory level; argument a non-empty path.</summary>
        public const string Mkdir = "mkdir";

        /// <summary>Download; argument a non-empty path to a regular file.</summary>
        public const string Get = "get";

        /// <summary>Upload; argument a non-empty file name.</summary>
        public const string Put = "put";
    }

    /// <summary>The complete set of legacy <c>status_message</c> texts, byte for byte.</summary>
    public static class StatusMessages
    {
        /// <summary>Success (200).</summary>
        public const string Ok = "OK";

        /// <summary>mkdir of an existing name.</summary>
        public const string DirectoryAlreadyExists = "Directory already exists";

        /// <summary>cd or ls of something that is not a directory; mkdir whose parent is missing.</summary>
        public const string NoSuchDirectory = "No such directory";

        /// <summary>put of a name that exists.</summary>
        public const string FileAlreadyExists = "File already exists";

        /// <summary>get of something that is not a regular file.</summary>
        public const string NoSuchFile = "No such file";

        /// <summary>Unknown command, or a command with the wrong kind of argument.</summary>
        public const string InvalidCommandOrArguments = "Invalid command or argument(s)";

        /// <summary>Not JSON, not an object, missing or mistyped <c>command</c>/<c>argument</c>, invalid UTF-8, oversized.</summary>
        public const string InvalidCommandFormat = "Invalid command format, it doesn't respect the protocol";
    }
}
