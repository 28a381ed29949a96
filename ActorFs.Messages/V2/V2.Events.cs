namespace ActorFs.Messages;

public static partial class V2
{
    /// <summary>Events pushed about the session's own transfers. Clients ignore event names they do not know.</summary>
    public static class Events
    {
        /// <summary>Bytes moved so far, at most a few times a second per transfer.</summary>
        /// <param name="Id">The id of the get/put request.</param>
        /// <param name="Transfer">The transfer id.</param>
        /// <param name="Bytes">Bytes of the file moved so far, counted from byte 0 (a resumed part counts as moved).</param>
        /// <param name="Total">The file's whole size.</param>
        public sealed record Progress(long Id, string Transfer, long Bytes, long Total) : TransferEvent(Id, Transfer)
        {
            /// <inheritdoc />
            public override string Name => EventNames.Progress;
        }

        /// <summary>The transfer finished and the file's SHA-256 is <paramref name="Digest"/>; for put, the file is now in place.</summary>
        public sealed record Verified(long Id, string Transfer, string Path, long Bytes, string Digest) : TransferEvent(Id, Transfer)
        {
            /// <inheritdoc />
            public override string Name => EventNames.Verified;
        }

        /// <summary>The transfer failed; for put, nothing appeared under the final name.</summary>
        public sealed record Failed(long Id, string Transfer, StatusCode Status, ErrorCode Error, string Message) : TransferEvent(Id, Transfer)
        {
            /// <inheritdoc />
            public override string Name => EventNames.Failed;
        }
    }
}
