using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Messages;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;
using ActorFs.Node.Transfers;

namespace ActorFs.Tests.Node.Actors;

/// <summary>The transfer port's handshake actor with a probe as its connection and a real token registry, in virtual time.</summary>
public sealed class TransferHandshakeSpecs : TestKit
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private readonly IActorRef _tokens;
    private readonly TestProbe _connection;
    private readonly TestProbe _transfer;
    private IActorRef _handshake = ActorRefs.Nobody;

    public TransferHandshakeSpecs() : base(VirtualTime())
    {
        _tokens = Sys.ActorOf(TokenRegistry.Props(Ttl), "tokens");
        _connection = CreateTestProbe("connection");
        _transfer = CreateTestProbe("transfer");
    }

    private void StartHandshake()
    {
        _handshake = Sys.ActorOf(TransferHandshake.Props(_connection.Ref, new IPEndPoint(IPAddress.Loopback, 40000), _tokens, HandshakeTimeout), "handshake");
        NodeActorSupport.AwaitStarted(this, _handshake);
        Watch(_handshake);
    }

    private string Issue()
    {
        var grant = new TransferGrant(TestActor, _transfer.Ref, TransferDirection.Download, VirtualPath.Parse("/a.txt"), 3);
        _tokens.Tell(new TokenRegistry.Issue(grant));
        return ExpectMsg<TokenRegistry.Issued>().Token;
    }

    private static string LegacyHandshake(string token) =>
        $"{{\"status_code\": 200, \"operation\": \"get\", \"absolute_path\": \"/a.txt\", \"filesize\": 3, \"token\": \"{token}\", \"transfer_port\": 3000, \"sha256sum\": null}}";

    private void Send(string text) => _handshake.Tell(new Tcp.Received(Encoding.UTF8.GetBytes(text)), _connection.Ref);

    private void ExpectClosedWithoutAWord()
    {
        var message = _connection.ExpectMsg<object>();
        Assert.IsType<Tcp.Close>(message);
        ExpectTerminated(_handshake);
        _transfer.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    private void ExpectOutcomeThenClose(StatusCode status, bool transferHearsNothing = true)
    {
        var write = _connection.ExpectMsg<Tcp.Write>();
        Assert.True(TransferWire.TryParseOutcome(write.Data.Span.TrimEnd((byte)'\n'), out var outcome));
        Assert.Equal(status, outcome.Status);
        _connection.ExpectMsg<Tcp.Close>();
        _connection.Reply(Tcp.Closed.Instance); // as a connection does once its queued writes are out
        ExpectTerminated(_handshake);
        if (transferHearsNothing) _transfer.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_good_token_takes_the_connection_over_for_its_transfer()
    {
        var token = Issue();
        StartHandshake();
        Send(LegacyHandshake(token));
        _connection.ExpectMsg<Tcp.TakeOverStream>();
    }

    [Fact]
    public void BugFix_the_line_end_of_a_v2_handshake_is_not_taken_for_the_first_byte_of_an_upload()
    {
        var token = Issue();
        StartHandshake();
        Send(Encoding.UTF8.GetString(TransferWire.EncodeHandshake(token)) + "DATA");
        _connection.ExpectMsg<Tcp.TakeOverStream>();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _handshake.Tell(new Tcp.StreamTakenOver(Stream.Null, socket, "MORE"u8.ToArray()), _connection.Ref);
        var connection = _transfer.ExpectMsg<TransferConnection>();
        Assert.True(connection.V2);
        Assert.Equal("DATAMORE", Encoding.ASCII.GetString(connection.Leftover.Span));
    }

    [Fact]
    public void A_legacy_handshake_passes_on_what_follows_it_untouched()
    {
        var token = Issue();
        StartHandshake();
        Send(LegacyHandshake(token) + "\nX");
        _connection.ExpectMsg<Tcp.TakeOverStream>();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _handshake.Tell(new Tcp.StreamTakenOver(Stream.Null, socket, ReadOnlyMemory<byte>.Empty), _connection.Ref);
        Assert.Equal("\nX", Encoding.ASCII.GetString(_transfer.ExpectMsg<TransferConnection>().Leftover.Span));
    }

    [Fact]
    public void An_unknown_token_closes_a_legacy_connection_without_a_word()
    {
        StartHandshake();
        Send(LegacyHandshake("nope"));
        ExpectClosedWithoutAWord();
    }

    [Fact]
    public void An_unknown_token_gets_a_v2_peer_an_outcome_line_before_the_close()
    {
        StartHandshake();
        Send(Encoding.UTF8.GetString(TransferWire.EncodeHandshake("nope")));
        ExpectOutcomeThenClose(StatusCode.Gone);
    }

    [Fact]
    public void A_used_token_is_refused_in_both_protocols()
    {
        var token = Issue();
        _tokens.Tell(new TokenRegistry.Redeem(token, "someone"));
        ExpectMsg<TokenRegistry.Redeemed>();

        StartHandshake();
        Send(LegacyHandshake(token));
        ExpectClosedWithoutAWord();

        _handshake = Sys.ActorOf(TransferHandshake.Props(_connection.Ref, new IPEndPoint(IPAddress.Loopback, 40001), _tokens, HandshakeTimeout), "handshake-2");
        Watch(_handshake);
        Send(Encoding.UTF8.GetString(TransferWire.EncodeHandshake(token)));
        ExpectOutcomeThenClose(StatusCode.Gone);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = Issue();
        Scheduler.Advance(Ttl + TimeSpan.FromSeconds(1));
        StartHandshake();
        Send(Encoding.UTF8.GetString(TransferWire.EncodeHandshake(token)));
        ExpectOutcomeThenClose(StatusCode.Gone, transferHearsNothing: false);
        _transfer.ExpectMsg<TokenRegistry.Expired>(); // from the registry's sweep, not from the handshake
        _transfer.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void An_unreadable_handshake_closes_the_connection_without_a_word()
    {
        StartHandshake();
        Send("[1, 2]");
        ExpectClosedWithoutAWord();
    }

    [Fact]
    public void A_connection_that_sends_no_handshake_is_closed_after_the_timeout()
    {
        StartHandshake();
        Send("{\"token\": \"par");
        NodeActorSupport.AwaitStarted(this, _handshake); // the partial frame was read, and the timeout re-armed after it
        Scheduler.Advance(HandshakeTimeout - TimeSpan.FromMilliseconds(1));
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        ExpectClosedWithoutAWord();
    }

    [Fact]
    public void A_connection_that_sends_nothing_at_all_is_closed_after_the_timeout()
    {
        _handshake = Sys.ActorOf(TransferHandshake.Props(_connection.Ref, new IPEndPoint(IPAddress.Loopback, 40000), _tokens, HandshakeTimeout), "silent");
        Watch(_handshake);
        // No message may reach the actor (any message re-arms a receive timeout), so time is pushed until it acts.
        AwaitCondition(() =>
        {
            Scheduler.Advance(HandshakeTimeout);
            return _connection.HasMessages;
        });
        ExpectClosedWithoutAWord();
    }

    [Fact]
    public void A_peer_that_closes_before_its_handshake_ends_the_handshake()
    {
        StartHandshake();
        _handshake.Tell(Tcp.PeerClosed.Instance, _connection.Ref);
        ExpectTerminated(_handshake);
    }
}
