using System.Net;
using System.Net.Sockets;

namespace ActorFs.Actors.IO;

/// <summary>
/// The TCP protocol, shaped after Akka.IO's <c>Tcp</c>: commands sent to the manager
/// (<see cref="TcpExtensions.Tcp(ActorSystem)"/>), to a listener or to a connection, and the events they answer
/// with. Every command that cannot be carried out is answered with <see cref="CommandFailed"/> carrying it and
/// its cause. TLS is a connection option (<see cref="TcpOptions"/>), not a separate protocol.
/// </summary>
public static class Tcp
{
    /// <summary>The base of every command; <see cref="CommandFailed"/> carries the one that failed.</summary>
    public abstract record Command;

    /// <summary>The base of every event a listener or connection sends.</summary>
    public abstract record Event;

    // ---- Listening -------------------------------------------------------------------------------------

    /// <summary>
    /// Asks the manager to listen on <paramref name="LocalAddress"/> (port 0 picks a free port). The sender
    /// gets <see cref="Bound"/> from the new listener actor (which <see cref="Unbind"/> and
    /// <see cref="ResumeAccepting"/> go to), and <paramref name="Handler"/> gets a <see cref="Connected"/> from
    /// each new connection actor. With <paramref name="PullMode"/> the listener accepts nothing until told
    /// <see cref="ResumeAccepting"/>, and then only that many connections.
    /// </summary>
    public sealed record Bind(IActorRef Handler, EndPoint LocalAddress, int Backlog = 512, bool PullMode = false, TcpOptions? Options = null) : Command;

    /// <summary>Answers <see cref="Bind"/>: the listener is accepting on <paramref name="LocalAddress"/> (with the real port).</summary>
    public sealed record Bound(EndPoint LocalAddress) : Event;

    /// <summary>Tells a listener to stop accepting and close its socket; connections already accepted keep running.</summary>
    public sealed record Unbind : Command
    {
        public static Unbind Instance { get; } = new();
    }

    /// <summary>Answers <see cref="Unbind"/>: the listening socket is closed.</summary>
    public sealed record Unbound : Event
    {
        public static Unbound Instance { get; } = new();
    }

    /// <summary>In pull mode, lets the listener accept <paramref name="BatchSize"/> more connections.</summary>
    public sealed record ResumeAccepting(int BatchSize) : Command;

    // ---- Connecting ------------------------------------------------------------------------------------

    /// <summary>
    /// Asks the manager to open a connection to <paramref name="RemoteAddress"/>, within
    /// <paramref name="Timeout"/> (the settings' connect timeout when null), TLS included when
    /// <see cref="TcpOptions.ClientTls"/> is set. The sender gets <see cref="Connected"/> from the new
    /// connection actor, or <see cref="CommandFailed"/>.
    /// </summary>
    public sealed record Connect(EndPoint RemoteAddress, EndPoint? LocalAddress = null, TimeSpan? Timeout = null, TcpOptions? Options = null) : Command;

    /// <summary>A connection is established (and its TLS handshake done); the sender is the connection actor, which waits for <see cref="Register"/>.</summary>
    public sealed record Connected(EndPoint RemoteAddress, EndPoint LocalAddress) : Event;

    /// <summary>
    /// Claims a connection: <paramref name="Handler"/> receives its <see cref="Received"/> data and close
    /// events, and the connection stops when the handler does. Unclaimed connections are closed after the
    /// register timeout. With <paramref name="KeepOpenOnPeerClosed"/> the peer's end of stream is reported as
    /// <see cref="PeerClosed"/> and writing stays possible (half close) until the handler closes.
    /// </summary>
    public sealed record Register(IActorRef Handler, bool KeepOpenOnPeerClosed = false) : Command;

    // ---- Data --------------------------------------------------------------------------------------------

    /// <summary>Data read from the peer: a copy owned by the receiver, never a buffer the connection reuses.</summary>
    public sealed record Received(ReadOnlyMemory<byte> Data) : Event;

    /// <summary>The ack event of a write that wants none.</summary>
    public sealed record NoAck(object? Token = null) : Event
    {
        public static NoAck Instance { get; } = new();
    }

    /// <summary>A write: a single <see cref="Write"/> or a <see cref="CompoundWrite"/> of several.</summary>
    public abstract record WriteCommand : Command
    {
        /// <summary>The bytes this command writes in total.</summary>
        public abstract long Length { get; }

        /// <summary>This command followed by <paramref name="next"/>, as one command.</summary>
        public WriteCommand Append(WriteCommand next) => new CompoundWrite(this, next);

        /// <summary>The single writes of this command, in order.</summary>
        public abstract IEnumerable<Write> Flatten();

        /// <summary>Same as <see cref="Append"/>.</summary>
        public static WriteCommand operator +(WriteCommand first, WriteCommand next)
        {
            ArgumentNullException.ThrowIfNull(first);
            return first.Append(next);
        }
    }

    /// <summary>
    /// Writes <paramref name="Data"/>; once it has been handed to the socket (or SslStream), the sender gets
    /// <paramref name="Ack"/> unless it is a <see cref="NoAck"/>. The caller must not change the bytes after
    /// sending. When the connection's write queue would exceed its limit the write is refused with
    /// <see cref="CommandFailed"/>.
    /// </summary>
    public sealed record Write(ReadOnlyMemory<byte> Data, Event Ack) : WriteCommand
    {
        public static Write Create(ReadOnlyMemory<byte> data) => new(data, NoAck.Instance);

        public static Write Create(ReadOnlyMemory<byte> data, Event ack) => new(data, ack);

        public bool WantsAck => Ack is not NoAck;

        public override long Length => Data.Length;

        public override IEnumerable<Write> Flatten()
        {
            yield return this;
        }
    }

    /// <summary>Two writes queued as one command (accepted or refused together); each part acks on its own.</summary>
    public sealed record CompoundWrite(WriteCommand Head, WriteCommand Tail) : WriteCommand
    {
        public override long Length => Head.Length + Tail.Length;

        public override IEnumerable<Write> Flatten() => Head.Flatten().Concat(Tail.Flatten());
    }

    /// <summary>Stops the receive loop after the read in progress; data already read is still delivered.</summary>
    public sealed record SuspendReading : Command
    {
        public static SuspendReading Instance { get; } = new();
    }

    /// <summary>Restarts a receive loop stopped by <see cref="SuspendReading"/>.</summary>
    public sealed record ResumeReading : Command
    {
        public static ResumeReading Instance { get; } = new();
    }

    // ---- Closing -------------------------------------------------------------------------------------------

    /// <summary>The base of <see cref="Close"/>, <see cref="ConfirmedClose"/> and <see cref="Abort"/>.</summary>
    public abstract record CloseCommand : Command
    {
        /// <summary>The event that reports this close once done.</summary>
        public abstract ConnectionClosed Event { get; }
    }

    /// <summary>Writes what is queued, then closes (TLS: with close_notify); answered with <see cref="Closed"/>.</summary>
    public sealed record Close : CloseCommand
    {
        public static Close Instance { get; } = new();

        public override ConnectionClosed Event => Closed.Instance;
    }

    /// <summary>
    /// Writes what is queued, closes the sending side, and keeps reading until the peer closes too;
    /// answered with <see cref="ConfirmedClosed"/>.
    /// </summary>
    public sealed record ConfirmedClose : CloseCommand
    {
        public static ConfirmedClose Instance { get; } = new();

        public override ConnectionClosed Event => ConfirmedClosed.Instance;
    }

    /// <summary>Drops what is queued and resets the connection (TCP RST); answered with <see cref="Aborted"/>.</summary>
    public sealed record Abort : CloseCommand
    {
        public static Abort Instance { get; } = new();

        public override ConnectionClosed Event => Aborted.Instance;
    }

    /// <summary>The base of every event that ends a connection.</summary>
    public abstract record ConnectionClosed : Event;

    /// <summary>The connection was closed after a <see cref="Close"/>.</summary>
    public sealed record Closed : ConnectionClosed
    {
        public static Closed Instance { get; } = new();
    }

    /// <summary>Both sides have closed after a <see cref="ConfirmedClose"/>.</summary>
    public sealed record ConfirmedClosed : ConnectionClosed
    {
        public static ConfirmedClosed Instance { get; } = new();
    }

    /// <summary>The connection was reset after an <see cref="Abort"/>.</summary>
    public sealed record Aborted : ConnectionClosed
    {
        public static Aborted Instance { get; } = new();
    }

    /// <summary>
    /// The peer ended its sending side (TCP FIN, with or without a TLS close_notify). Unless the handler
    /// registered with keep-open-on-peer-closed, the connection is closed too.
    /// </summary>
    public sealed record PeerClosed : ConnectionClosed
    {
        public static PeerClosed Instance { get; } = new();
    }

    /// <summary>The connection broke (reset by the peer, truncated TLS record, network error).</summary>
    public sealed record ErrorClosed(string Cause) : ConnectionClosed;

    /// <summary>Answers a command that could not be carried out, with why.</summary>
    public sealed record CommandFailed(Command Cmd, Exception? Cause = null) : Event;

    // ---- Fast data path --------------------------------------------------------------------------------------

    /// <summary>
    /// Asks a connection to hand its stream to the sender (DESIGN.md section 4). The connection writes what is
    /// queued, stops reading, and answers <see cref="StreamTakenOver"/>; from then on the sender owns the
    /// stream and runs its own copy loop (see <see cref="StreamCopy"/>). Refused with
    /// <see cref="CommandFailed"/> when the connection is closing or the sender is not its handler.
    /// </summary>
    public sealed record TakeOverStream : Command
    {
        public static TakeOverStream Instance { get; } = new();
    }

    /// <summary>
    /// Answers <see cref="TakeOverStream"/>. <paramref name="Stream"/> is the connection's byte stream (plain
    /// or TLS; a read that was in flight when the stream was handed over is delivered by its first reads, so
    /// nothing is lost); <paramref name="Socket"/> is the underlying socket, for <c>SendFileAsync</c> on plain
    /// connections and for socket options. <paramref name="AlreadyReceivedButUndelivered"/> holds bytes the
    /// connection had read but not yet sent as <see cref="Received"/> (consume them before reading).
    /// The owner ends the connection by disposing the stream (or calling <see cref="AbortStream"/>); the
    /// connection actor stays alive only to dispose the stream if the owner stops without doing so.
    /// </summary>
    public sealed record StreamTakenOver(Stream Stream, Socket Socket, ReadOnlyMemory<byte> AlreadyReceivedButUndelivered) : Event
    {
        /// <summary>Resets the connection (TCP RST) and disposes the stream.</summary>
        public void AbortStream()
        {
            try
            {
                Socket.LingerState = new LingerOption(true, 0);
                Socket.Dispose(); // before the stream, whose disposal would otherwise close gracefully
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed: nothing to reset.
            }

            Stream.Dispose();
        }
    }
}
