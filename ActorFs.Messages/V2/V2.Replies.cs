namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>Every successful v2 reply, one record per command. Failures are <see cref="ErrorReply"/>.</summary>
    public static partial class Replies
    {
        /// <summary>The session now speaks v2.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Protocol">The version the node speaks.</param>
        /// <param name="Node">The node's name (unique among nodes sharing a catalog).</param>
        /// <param name="Server">Software and version, e.g. <c>ActorFs/1.0.0</c>.</param>
        /// <param name="MaxFrameBytes">The node's frame limit for requests.</param>
        /// <param name="Features">Optional capabilities the node offers, e.g. <c>resume</c>; clients ignore unknown ones.</param>
        /// <param name="Cwd">The session's working directory.</param>
        public sealed record Hello(long Id, int Protocol, string Node, string Server, int MaxFrameBytes, IReadOnlyList<string> Features, string Cwd) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Hello;
        }

        /// <summary>The working directory.</summary>
        public sealed record Pwd(long Id, string Path) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Pwd;
        }

        /// <summary>The new working directory, normalised.</summary>
        public sealed record Cd(long Id, string Path) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Cd;
        }

        /// <summary>One page of a listing.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The directory listed, normalised.</param>
        /// <param name="Entries">Entries in name order (ordinal), <c>.</c>, <c>..</c> and the node's internal folders excluded.</param>
        /// <param name="Next">The cursor for the next page; null on the last page.</param>
        public sealed record Ls(long Id, string Path, IReadOnlyList<Entry> Entries, string? Next) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Ls;
        }

        /// <summary>The directory was created (201).</summary>
        public sealed record Mkdir(long Id, string Path) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Mkdir;

            /// <inheritdoc />
            public override StatusCode Status => StatusCode.Created;
        }

        /// <summary>The file was removed.</summary>
        public sealed record Rm(long Id, string Path) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Rm;
        }

        /// <summary>The directory was removed.</summary>
        public sealed record Rmdir(long Id, string Path) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Rmdir;
        }

        /// <summary>The entry now lives at <paramref name="To"/>.</summary>
        public sealed record Mv(long Id, string From, string To) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Mv;
        }

        /// <summary>What the path is.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The path, normalised.</param>
        /// <param name="Entry">The entry.</param>
        /// <param name="Grants">The grants set on this very path (not inherited ones); null when the node does not say. Sent only when set.</param>
        /// <param name="IsPublic">Whether this very path carries a public flag set to true (wire <c>public</c>); null when the node does not say. Sent only when set.</param>
        public sealed record Stat(long Id, string Path, Entry Entry, IReadOnlyList<Grant>? Grants = null, bool? IsPublic = null) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Stat;
        }

        /// <summary>A file's digest, with the size and time it belongs to.</summary>
        public sealed record Sha256(long Id, string Path, long Size, DateTimeOffset Modified, string Digest) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Sha256;
        }

        /// <summary>A download is ready (202): connect to <paramref name="Host"/>:<paramref name="Port"/> and present the token.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Transfer">The transfer id that events name; not a secret.</param>
        /// <param name="Path">The file, normalised.</param>
        /// <param name="Size">The whole file's size.</param>
        /// <param name="Modified">The whole file's modification time.</param>
        /// <param name="Digest">The whole file's SHA-256 (also when resuming from an offset).</param>
        /// <param name="Offset">The first byte the node will send; the node sends exactly <c>Size - Offset</c> bytes.</param>
        /// <param name="Token">The single-use transfer token.</param>
        /// <param name="Host">The transfer host; null means the host of this control connection.</param>
        /// <param name="Port">The transfer port.</param>
        /// <param name="ExpiresInSeconds">How long the token may wait to be presented.</param>
        public sealed record Get(
            long Id, string Transfer, string Path, long Size, DateTimeOffset Modified, string Digest, long Offset,
            string Token, string? Host, int Port, int ExpiresInSeconds) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Get;

            /// <inheritdoc />
            public override StatusCode Status => StatusCode.Accepted;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() => $"Get {{ Id = {Id}, Transfer = {Transfer}, Path = {Path}, Size = {Size}, Offset = {Offset}, Host = {Host}, Port = {Port} }}";
        }

        /// <summary>An upload is ready (202): connect to <paramref name="Host"/>:<paramref name="Port"/>, present the token, wait for the ready flag, send the bytes.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Transfer">The transfer id that events name; not a secret.</param>
        /// <param name="Path">The target file, normalised.</param>
        /// <param name="Size">The declared size.</param>
        /// <param name="Offset">Bytes the node already holds (non-zero only for resume); send exactly <c>Size - Offset</c> bytes from there.</param>
        /// <param name="Token">The single-use transfer token.</param>
        /// <param name="Host">The transfer host; null means the host of this control connection.</param>
        /// <param name="Port">The transfer port.</param>
        /// <param name="ExpiresInSeconds">How long the token may wait to be presented.</param>
        public sealed record Put(
            long Id, string Transfer, string Path, long Size, long Offset,
            string Token, string? Host, int Port, int ExpiresInSeconds) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Put;

            /// <inheritdoc />
            public override StatusCode Status => StatusCode.Accepted;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() => $"Put {{ Id = {Id}, Transfer = {Transfer}, Path = {Path}, Size = {Size}, Offset = {Offset}, Host = {Host}, Port = {Port} }}";
        }

        /// <summary>An append is ready (202): the same ticket as <see cref="Put"/>; send exactly <paramref name="Size"/> bytes, which land after byte <paramref name="Offset"/>.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Transfer">The transfer id that events name; not a secret.</param>
        /// <param name="Path">The file, normalised.</param>
        /// <param name="Size">The number of bytes to append.</param>
        /// <param name="Offset">The file's current length: where the appended bytes start.</param>
        /// <param name="Token">The single-use transfer token.</param>
        /// <param name="Host">The transfer host; null means the host of this control connection.</param>
        /// <param name="Port">The transfer port.</param>
        /// <param name="ExpiresInSeconds">How long the token may wait to be presented.</param>
        public sealed record Append(
            long Id, string Transfer, string Path, long Size, long Offset,
            string Token, string? Host, int Port, int ExpiresInSeconds) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Append;

            /// <inheritdoc />
            public override StatusCode Status => StatusCode.Accepted;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() => $"Append {{ Id = {Id}, Transfer = {Transfer}, Path = {Path}, Size = {Size}, Offset = {Offset}, Host = {Host}, Port = {Port} }}";
        }

        /// <summary>A write is ready (202): the same ticket as <see cref="Put"/>; send exactly <paramref name="Size"/> bytes, which overwrite from byte <paramref name="Offset"/>.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Transfer">The transfer id that events name; not a secret.</param>
        /// <param name="Path">The file, normalised.</param>
        /// <param name="Size">The number of bytes to write.</param>
        /// <param name="Offset">The first byte overwritten.</param>
        /// <param name="Token">The single-use transfer token.</param>
        /// <param name="Host">The transfer host; null means the host of this control connection.</param>
        /// <param name="Port">The transfer port.</param>
        /// <param name="ExpiresInSeconds">How long the token may wait to be presented.</param>
        public sealed record Write(
            long Id, string Transfer, string Path, long Size, long Offset,
            string Token, string? Host, int Port, int ExpiresInSeconds) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Write;

            /// <inheritdoc />
            public override StatusCode Status => StatusCode.Accepted;

            /// <summary>Leaves the token out, so a logged reply never shows it.</summary>
            public override string ToString() => $"Write {{ Id = {Id}, Transfer = {Transfer}, Path = {Path}, Size = {Size}, Offset = {Offset}, Host = {Host}, Port = {Port} }}";
        }

        /// <summary>The commands the node implements.</summary>
        public sealed record Help(long Id, IReadOnlyList<CommandHelp> Commands) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => V2.Commands.Help;
        }

        /// <summary>The node will close the connection after this reply.</summary>
        public sealed record Bye(long Id) : Reply(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Bye;
        }
    }
}
