using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Messages;
using ActorFs.Node.Actors;

namespace ActorFs.Node.Transfers;

/// <summary>
/// Owns one transfer-port connection until its token is known to be good.
/// <code>
///   ReadingHandshake --frame--> Redeeming --Redeemed--> TakingOver --StreamTakenOver--> (hand to Transfer, stop)
///        | timeout / unreadable        | Refused
///        +-----------------------------+--> close (legacy: without a word; v2: an outcome line) --> stop
/// </code>
/// Only the token, the declared SHA-256 and the protocol are read from the handshake; the path and the
/// direction come from what the token was issued for.
/// </summary>
internal sealed class TransferHandshake : ReceiveActor
{
    private const int MaxHandshakeBytes = 16 * 1024;
    private readonly IActorRef _connection;
    private readonly IActorRef _tokens;
    private readonly TimeSpan _timeout;
    private readonly string _remote;
    private readonly JsonFrameDecoder _decoder = new(MaxHandshakeBytes);
    private ILoggingAdapter _log = null!;
    private TransferWire.Handshake? _handshake;
    private TransferGrant? _grant;
    private byte[] _afterHandshake = [];

    public TransferHandshake(IActorRef connection, EndPoint remote, IActorRef tokens, TimeSpan timeout)
    {
        _connection = connection;
        _tokens = tokens;
        _timeout = timeout;
        _remote = remote.ToString() ?? "unknown";
        ReadingHandshake();
    }

    public static Props Props(IActorRef connection, EndPoint remote, IActorRef tokens, TimeSpan timeout) =>
        ActorFs.Actors.Props.Create(() => new TransferHandshake(connection, remote, tokens, timeout));

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        Context.Watch(_connection);
        Context.SetReceiveTimeout(_timeout);
    }

    private void ReadingHandshake()
    {
        Receive<Tcp.Received>(OnReceived);
        CommonEndings();
    }

    private void Redeeming()
    {
        Receive<Tcp.Received>(AppendAfterHandshake);
        Receive<TokenRegistry.Redeemed>(OnRedeemed);
        Receive<TokenRegistry.Refused>(refused => Refuse($"token refused ({refused.Reason})", ErrorCode.Gone, "The token expired, was already used, or is unknown."));
        CommonEndings();
    }

    private void TakingOver()
    {
        Receive<Tcp.Received>(AppendAfterHandshake);
        Receive<Tcp.StreamTakenOver>(OnTakenOver);
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
        CommonEndings();
    }

    private void CommonEndings()
    {
        Receive<ReceiveTimeout>(_ => Refuse("no handshake in time", ErrorCode.Timeout, "No transfer handshake arrived in time."));
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Terminated>(_ => Context.Stop(Self));
    }

    private void OnReceived(Tcp.Received received)
    {
        var data = received.Data;
        while (!data.IsEmpty)
        {
            var consumed = _decoder.Decode(data.Span, out var frame);
            var status = frame.Status;
            if (status == FrameStatus.Value)
            {
                var parsed = TransferWire.TryParseHandshake(frame.Utf8, out var handshake);
                data = data[consumed..];
                if (!parsed)
                {
                    Refuse("unreadable handshake", null, null);
                    return;
                }
                _handshake = handshake;
                _afterHandshake = data.ToArray();
                _tokens.Tell(new TokenRegistry.Redeem(handshake!.Token, _remote));
                Become(Redeeming);
                return;
            }
            data = data[consumed..];
            if (status is FrameStatus.TooLarge or FrameStatus.Malformed)
            {
                Refuse("malformed handshake", null, null);
                return;
            }
        }
    }

    private void AppendAfterHandshake(Tcp.Received received) => _afterHandshake = [.. _afterHandshake, .. received.Data.Span];

    private void OnRedeemed(TokenRegistry.Redeemed redeemed)
    {
        _grant = redeemed.Grant;
        Context.SetReceiveTimeout(null);
        _connection.Tell(Tcp.TakeOverStream.Instance);
        Become(TakingOver);
    }

    private void OnTakenOver(Tcp.StreamTakenOver taken)
    {
        var leftover = new byte[_afterHandshake.Length + taken.AlreadyReceivedButUndelivered.Length];
        _afterHandshake.CopyTo(leftover, 0);
        taken.AlreadyReceivedButUndelivered.Span.CopyTo(leftover.AsSpan(_afterHandshake.Length));
        if (_handshake!.Protocol >= 2) leftover = AfterLineEnd(leftover);
        var transfer = _grant!.Transfer;
        transfer.Tell(new TransferConnection(taken.Stream, taken.Socket, leftover, _remote, _handshake.DeclaredSha256, _handshake.Protocol >= 2));
        // The connection disposes a taken-over stream when the actor that took it stops; so this actor, which
        // took it, lives on until the transfer that now uses it ends.
        Context.Unwatch(_connection);
        Context.Watch(transfer);
        Become(() => Receive<Terminated>(t => t.ActorRef.Equals(transfer), _ => Context.Stop(Self)));
    }

    /// <summary>
    /// A v2 handshake is a line: the whitespace and the newline that end it are not file bytes. (Legacy handshakes
    /// have no newline, and a legacy upload's first bytes may be whitespace, so they are left alone.)
    /// </summary>
    private static byte[] AfterLineEnd(byte[] leftover)
    {
        var i = 0;
        while (i < leftover.Length && leftover[i] is (byte)' ' or (byte)'\t' or (byte)'\r') i++;
        return i < leftover.Length && leftover[i] == (byte)'\n' ? leftover[(i + 1)..] : leftover;
    }

    /// <summary>Legacy peers get the connection closed without a word; v2 peers get one outcome line first.</summary>
    private void Refuse(string why, ErrorCode? error, string? message)
    {
        _log.Warning("Closed a transfer connection from {Remote}: {Why}", _remote, why);
        if (_handshake is { Protocol: >= 2 } && error is { } code)
        {
            _connection.Tell(Tcp.Write.Create(TransferWire.EncodeOutcome(TransferWire.Outcome.Failed(code, message!))));
            _connection.Tell(Tcp.Close.Instance);
            // Stay until the connection has flushed the outcome line and closed: Terminated reaches the connection
            // as a system message, ahead of the Write and Close still in its mailbox, and a connection whose
            // handler stopped shuts down at once, dropping the line.
            Context.SetReceiveTimeout(_timeout);
            Become(ClosingAfterOutcome);
            return;
        }

        _connection.Tell(Tcp.Close.Instance);
        Context.Stop(Self);
    }

    private void ClosingAfterOutcome()
    {
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Terminated>(_ => Context.Stop(Self));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        Receive<Tcp.Received>(_ => { });
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
    }
}
