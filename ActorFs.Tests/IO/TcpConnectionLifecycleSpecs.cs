using System.Net;
using System.Net.Sockets;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

public sealed class TcpConnectionLifecycleSpecs : TestKit
{
    private IActorRef? _listener;
    private IPEndPoint? _endPoint;

    private IPEndPoint Bind(TcpOptions? options = null, bool pullMode = false)
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort, PullMode: pullMode, Options: options));
        var bound = ExpectMsg<Tcp.Bound>();
        _listener = LastSender;
        _endPoint = (IPEndPoint)bound.LocalAddress;
        return _endPoint;
    }

    private async Task<(IActorRef Connection, Socket Client, Stream Stream)> AcceptOneAsync(bool keepOpen = false, bool tls = false)
    {
        var endPoint = Bind(tls ? IoSpecSupport.ServerTls : null);
        var connecting = IoSpecSupport.ConnectAsync(endPoint, tls);
        ExpectMsg<Tcp.Connected>(TimeSpan.FromSeconds(10));
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor, keepOpen));
        var (client, stream) = await connecting.WaitAsync(Loopback.Deadline);
        return (connection, client, stream);
    }

    [Fact]
    public async Task The_handler_must_get_PeerClosed_and_the_connection_must_stop_when_the_peer_closes()
    {
        var (connection, client, stream) = await AcceptOneAsync();
        await using var _ = stream;
        Watch(connection);

        client.Shutdown(SocketShutdown.Send);

        ExpectMsg<Tcp.PeerClosed>();
        ExpectTerminated(connection);
    }

    [Fact]
    public async Task With_keep_open_on_peer_closed_the_handler_must_still_write_after_PeerClosed()
    {
        var (connection, client, stream) = await AcceptOneAsync(keepOpen: true);
        await using var _ = stream;

        client.Shutdown(SocketShutdown.Send);
        ExpectMsg<Tcp.PeerClosed>();
        connection.Tell(Tcp.Write.Create("bye"u8.ToArray(), new Ack(1)));
        ExpectMsg(new Ack(1));
        connection.Tell(Tcp.Close.Instance);
        ExpectMsg<Tcp.Closed>();

        Assert.Equal("bye"u8.ToArray(), await Loopback.ReadToEndAsync(stream));
    }

    [Fact]
    public async Task A_TLS_peer_closing_without_close_notify_must_produce_PeerClosed()
    {
        var (_, client, stream) = await AcceptOneAsync(tls: true);
        await using var _ = stream;

        await stream.WriteAsync("last words"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        var received = new List<byte>();
        while (received.Count < 10) received.AddRange(ExpectMsg<Tcp.Received>().Data.ToArray());
        Assert.Equal("last words"u8.ToArray(), received.ToArray());
        ExpectMsg<Tcp.PeerClosed>();
    }

    [Fact]
    public async Task Close_must_write_everything_queued_before_closing()
    {
        var (connection, _, stream) = await AcceptOneAsync();
        await using var _ = stream;
        var payload = IoSpecSupport.RandomBytes(1_000_000, seed: 3);

        connection.Tell(Tcp.Write.Create(payload));
        connection.Tell(Tcp.Close.Instance);

        Assert.Equal(payload, await Loopback.ReadToEndAsync(stream));
        ExpectMsg<Tcp.Closed>();
    }

    [Fact]
    public async Task ConfirmedClose_must_end_the_sending_side_and_wait_for_the_peer_to_close()
    {
        var (connection, client, stream) = await AcceptOneAsync();
        await using var _ = stream;

        connection.Tell(Tcp.Write.Create("done"u8.ToArray()));
        connection.Tell(Tcp.ConfirmedClose.Instance);

        Assert.Equal("done"u8.ToArray(), await Loopback.ReadToEndAsync(stream));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        client.Shutdown(SocketShutdown.Send);
        ExpectMsg<Tcp.ConfirmedClosed>();
    }

    [Fact]
    public async Task Abort_must_reset_the_connection_and_answer_Aborted()
    {
        var (connection, client, stream) = await AcceptOneAsync();
        await using var _ = stream;

        connection.Tell(Tcp.Abort.Instance);

        ExpectMsg<Tcp.Aborted>();
        var reset = await Assert.ThrowsAsync<SocketException>(() => client.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(Loopback.Deadline));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reset_by_the_peer_must_produce_ErrorClosed(bool tls)
    {
        var (connection, client, stream) = await AcceptOneAsync(tls: tls);
        Watch(connection);

        client.LingerState = new LingerOption(true, 0);
        client.Close();
        await stream.DisposeAsync();

        var closed = FishForMessage<Tcp.ConnectionClosed>(_ => true);
        var error = Assert.IsType<Tcp.ErrorClosed>(closed);
        Assert.False(string.IsNullOrEmpty(error.Cause));
        ExpectTerminated(connection);
    }

    [Fact]
    public async Task The_connection_must_close_when_its_handler_stops()
    {
        var endPoint = Bind();
        var connecting = IoSpecSupport.ConnectAsync(endPoint, tls: false);
        ExpectMsg<Tcp.Connected>();
        var connection = LastSender;
        var handler = CreateTestProbe();
        connection.Tell(new Tcp.Register(handler.Ref));
        var (_, stream) = await connecting;
        await using var _ = stream;
        Watch(connection);

        Sys.Stop(handler.Ref);

        ExpectTerminated(connection);
        Assert.Empty(await Loopback.ReadToEndAsync(stream));
    }

    [Fact]
    public async Task A_TLS_client_that_never_sends_its_hello_must_be_dropped_after_the_handshake_timeout()
    {
        var options = IoSpecSupport.ServerTls with { Settings = TcpSettings.Default with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) } };
        var endPoint = Bind(options);

        using var silent = await Loopback.ConnectAsync(endPoint);

        Assert.Equal(0, await silent.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(Loopback.Deadline));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // never announced as Connected
    }

    [Fact]
    public void Binding_a_port_in_use_must_answer_CommandFailed()
    {
        using var taken = Loopback.Listen();
        var bind = new Tcp.Bind(TestActor, Loopback.EndPointOf(taken));

        Sys.Tcp().Tell(bind);

        var failed = ExpectMsg<Tcp.CommandFailed>();
        Assert.Equal(bind, failed.Cmd);
        Assert.IsType<SocketException>(failed.Cause);
    }

    [Fact]
    public async Task Unbind_must_stop_accepting_but_keep_accepted_connections_open()
    {
        var (connection, _, stream) = await AcceptOneAsync();
        await using var _ = stream;
        _listener!.Tell(Tcp.Unbind.Instance);
        ExpectMsg<Tcp.Unbound>();

        await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(_endPoint!));
        connection.Tell(Tcp.Write.Create("still here"u8.ToArray(), new Ack(2)));
        ExpectMsg(new Ack(2));
        Assert.Equal("still here"u8.ToArray(), await Loopback.ReadUpToAsync(stream, 10));
    }

    [Fact]
    public async Task An_unbound_listener_must_stop_once_its_last_connection_has_ended()
    {
        var (connection, _, stream) = await AcceptOneAsync();
        await using var _ = stream;
        var listener = _listener!;
        Watch(listener);
        listener.Tell(Tcp.Unbind.Instance);
        ExpectMsg<Tcp.Unbound>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        connection.Tell(Tcp.Close.Instance);

        ExpectMsg<Tcp.Closed>();
        ExpectTerminated(listener);
    }

    [Fact]
    public async Task In_pull_mode_the_listener_must_accept_only_as_many_connections_as_ResumeAccepting_allows()
    {
        var endPoint = Bind(pullMode: true);
        using var first = await Loopback.ConnectAsync(endPoint);
        using var second = await Loopback.ConnectAsync(endPoint);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _listener!.Tell(new Tcp.ResumeAccepting(1));
        ExpectMsg<Tcp.Connected>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _listener!.Tell(new Tcp.ResumeAccepting(1));
        ExpectMsg<Tcp.Connected>();
    }

    [Fact]
    public async Task Writes_after_Close_must_be_refused_with_CommandFailed()
    {
        var endPoint = Bind();
        using var client = await Loopback.ConnectAsync(endPoint);
        ExpectMsg<Tcp.Connected>();
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor, KeepOpenOnPeerClosed: true));
        var write = Tcp.Write.Create(new byte[10]);

        connection.Tell(Tcp.ConfirmedClose.Instance);
        connection.Tell(write);

        Assert.Equal(write, ExpectMsg<Tcp.CommandFailed>().Cmd);
    }

    private sealed record Ack(int Id) : Tcp.Event;
}
