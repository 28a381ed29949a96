namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>Every v2 request, one record per command. Paths are virtual POSIX paths, absolute or relative to the working directory.</summary>
    public static partial class Requests
    {
        /// <summary>Switches the session to v2; allowed as the first request of a legacy session.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Protocol">The version asked for; the node speaks <see cref="ProtocolVersion"/>.</param>
        /// <param name="Client">Free text naming the client, for logs.</param>
        public sealed record Hello(long Id, int Protocol, string? Client = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Hello;
        }

        /// <summary>Asks for the working directory.</summary>
        public sealed record Pwd(long Id) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Pwd;
        }

        /// <summary>Changes the working directory.</summary>
        public sealed record Cd(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Cd;
        }

        /// <summary>Lists a directory, one page at a time.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The directory; null for the working directory.</param>
        /// <param name="Cursor">The <c>next</c> value of the previous page; null for the first page. Opaque.</param>
        /// <param name="Limit">Entries per page, 1 to <see cref="MaxListLimit"/>; null for the node's default.</param>
        public sealed record Ls(long Id, string? Path = null, string? Cursor = null, int? Limit = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Ls;
        }

        /// <summary>Creates one directory; its parent must exist.</summary>
        public sealed record Mkdir(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Mkdir;
        }

        /// <summary>Removes a file (not a directory).</summary>
        public sealed record Rm(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Rm;
        }

        /// <summary>Removes an empty directory.</summary>
        public sealed record Rmdir(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Rmdir;
        }

        /// <summary>Moves or renames; an existing target is replaced atomically only with <paramref name="Overwrite"/>.</summary>
        public sealed record Mv(long Id, string From, string To, bool Overwrite = false) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Mv;
        }

        /// <summary>Describes one path.</summary>
        public sealed record Stat(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Stat;
        }

        /// <summary>Asks for a file's SHA-256 (computed if not cached).</summary>
        public sealed record Sha256(long Id, string Path) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Sha256;
        }

        /// <summary>Asks to download a file.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The file.</param>
        /// <param name="Offset">The first byte to send; non-zero resumes a download. At most the file's size.</param>
        public sealed record Get(long Id, string Path, long Offset = 0) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Get;
        }

        /// <summary>Asks to upload a file.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The target file.</param>
        /// <param name="Size">The exact number of bytes the file will have; the node reads exactly this many.</param>
        /// <param name="Sha256">The whole file's SHA-256 (64 hex digits), verified before the file appears; null to let the node only report it.</param>
        /// <param name="Overwrite">Replace an existing file atomically instead of answering <c>exists</c>.</param>
        /// <param name="Resume">Continue a kept partial upload of the same path, size and SHA-256 (later: issue 13).</param>
        public sealed record Put(long Id, string Path, long Size, string? Sha256 = null, bool Overwrite = false, bool Resume = false) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Put;
        }

        /// <summary>Asks to upload bytes to the end of an existing file (202 like put; the reply's offset is the file's current length).</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The file to grow.</param>
        /// <param name="Size">The exact number of bytes to append.</param>
        /// <param name="Sha256">The appended bytes' SHA-256 (64 hex digits); null to let the node only report it.</param>
        public sealed record Append(long Id, string Path, long Size, string? Sha256 = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Append;
        }

        /// <summary>Asks to upload bytes over <c>[Offset, Offset + Size)</c> of an existing file (202 like put); the file may grow.</summary>
        /// <param name="Id">Request id.</param>
        /// <param name="Path">The file to change.</param>
        /// <param name="Offset">The first byte to overwrite; at most the file's length (the node answers 400 beyond it).</param>
        /// <param name="Size">The exact number of bytes to write.</param>
        /// <param name="Sha256">The written bytes' SHA-256 (64 hex digits); null to let the node only report it.</param>
        public sealed record Write(long Id, string Path, long Offset, long Size, string? Sha256 = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Write;
        }

        /// <summary>Asks for the command list, or for one command.</summary>
        public sealed record Help(long Id, string? Topic = null) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Help;
        }

        /// <summary>Ends the session: the node replies, cancels the session's transfers, and closes.</summary>
        public sealed record Bye(long Id) : Request(Id)
        {
            /// <inheritdoc />
            public override string Command => Commands.Bye;
        }
    }
}
