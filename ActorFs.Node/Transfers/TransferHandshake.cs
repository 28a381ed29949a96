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
        _remote = remote.ToString() ?? "unknown";
        Context.SetReceiveTimeout(timeout);
        ReadingHandshake();
    }

    public static Props Props(IActorRef connection, EndPoint remote, IActorRef tokens, TimeSpan timeout) =>
        ActorFs.Actors.Props.Create(() => new TransferHandshake(connection, remote, tokens, timeout));

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        Context.Watch(_connection);
    }

    private void ReadingHandshake()
    {
        Receive<Tcp.Received>(OnReceived);
        CommonEndings();
    }

    private void Redeeming()
    {
        Receive<Tcp.Received>(r => _afterHandshake = [.. _afterHandshake, .. r.Data.Span]);
        Receive<TokenRegistry.Redeemed>(OnRedeemed);
        Receive<TokenRegistry.Refused>(refused => Refuse($"token refused ({refused.Reason})", ErrorCode.Gone, "The token expired, was already used, or is unknown."));
        CommonEndings();
    }

    private void TakingOver()
    {
        Receive<Tcp.Received>(r => _afterHandshake = [.. _afterHandshake, .. r.Data.Span]);
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

    private void OnRedeemed(TokenRegistry.Redeemed redeemed)
    {
        _grant = redeemed.Grant;
        Context.SetReceiveTimeout(null);
        _connection.Tell(Tcp.TakeOverStream.Instance);
        Become(TakingOver);
    }

    private void OnTakenOver(Tcp.StreamTakenOver taken)
    {
        var received = new byte[_afterHandshake.Length + taken.AlreadyReceivedButUndelivered.Length];
        _afterHandshake.CopyTo(received, 0);
        taken.AlreadyReceivedButUndelivered.Span.CopyTo(received.AsSpan(_afterHandshake.Length));
        var leftover = WithoutLineEnd(received);
        var transfer = _grant!.Transfer;
        transfer.Tell(new TransferConnection(taken.Stream, taken.Socket, leftover, _remote, _handshake!.DeclaredSha256, _handshake.Protocol >= 2));
        // The connection disposes a taken-over stream when the actor that took it stops; so this actor, which
        // took it, lives on until the transfer that now uses it ends.
        Context.Unwatch(_connection);
        Context.Watch(transfer);
        Become(() => Receive<Terminated>(t => t.ActorRef.Equals(transfer), _ => Context.Stop(Self)));
    }

    /// <summary>
    /// The handshake is one JSON line: the v2 client ends it with a newline (legacy clients send none). That
    /// line end belongs to the frame, not to the file, so it is dropped; file bytes only follow the ready flag.
    /// </summary>
    internal static ReadOnlyMemory<byte> WithoutLineEnd(byte[] received)
    {
        var span = received.AsSpan();
        var skip = span.StartsWith("\r\n"u8) ? 2 : span.StartsWith("\n"u8) ? 1 : 0;
        return received.AsMemory(skip);
    }

    /// <summary>Legacy peers get the connection closed without a word; v2 peers get one outcome line first.</summary>
    private void Refuse(string why, ErrorCode? error, string? message)
    {
        _log.Warning("Closed a transfer connection from {Remote}: {Why}", _remote, why);
        if (_handshake is { Protocol: >= 2 } && error is { } code)
        {
            _connection.Tell(Tcp.Write.Create(TransferWire.EncodeOutcome(TransferWire.Outcome.Failed(code, message!))));
            _connection.Tell(Tcp.Close.Instance);
        }
        else
        {
            _connection.Tell(Tcp.Close.Instance);
        }
        Context.Stop(Self);
    }
}
