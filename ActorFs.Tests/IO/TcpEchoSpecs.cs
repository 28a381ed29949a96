using System.Net;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

public sealed class TcpEchoSpecs : TestKit
{
    private IPEndPoint BindEcho(TcpOptions? options = null)
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoHandler()));
        Sys.Tcp().Tell(new Tcp.Bind(echo, IoSpecSupport.AnyLoopbackPort, Options: options));
        var bound = ExpectMsg<Tcp.Bound>();
        return (IPEndPoint)bound.LocalAddress;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_echo_server_must_return_every_byte_in_order(bool tls)
    {
        var endPoint = BindEcho(tls ? IoSpecSupport.ServerTls : null);
        var payload = IoSpecSupport.RandomBytes(300_000, seed: 1);

        var echoed = await IoSpecSupport.EchoThroughAsync(endPoint, payload, tls);

        Assert.Equal(payload, echoed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delivery_must_stay_intact_under_one_byte_fragments_and_random_delays(bool tls)
    {
        var endPoint = BindEcho(tls ? IoSpecSupport.ServerTls : null);
        var stammer = new StammerSettings(MaxPieceSize: 1, MaxDelay: TimeSpan.FromMilliseconds(1));
        await using var proxy = new StammeringProxy(endPoint, stammer, new StammerSettings(MaxPieceSize: 3, MaxDelay: TimeSpan.FromMilliseconds(1)), seed: 5);
        var payload = IoSpecSupport.RandomBytes(4_000, seed: 2);

        var echoed = await IoSpecSupport.EchoThroughAsync(proxy.EndPoint, payload, tls, pieceSize: 97);

        Assert.Equal(payload, echoed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_outgoing_connection_must_talk_to_a_bound_listener(bool tls)
    {
        var endPoint = BindEcho(tls ? IoSpecSupport.ServerTls : null);

        Sys.Tcp().Tell(new Tcp.Connect(endPoint, Options: tls ? IoSpecSupport.ClientTls : null));
        var connected = ExpectMsg<Tcp.Connected>();
        Assert.Equal(endPoint, connected.RemoteAddress);
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor));
        connection.Tell(Tcp.Write.Create("hello"u8.ToArray(), new Written(1)));

        // The echo may come back before the ack (which follows the write's completion): take both in any order.
        var received = new List<byte>();
        var acked = false;
        while (received.Count < 5 || !acked)
        {
            switch (ExpectMsg<object>())
            {
                case Written written: acked = written.Id == 1; break;
                case Tcp.Received data: received.AddRange(data.Data.ToArray()); break;
                case var other: Assert.Fail($"Unexpected {other}"); break;
            }
        }

        Assert.Equal("hello"u8.ToArray(), received.ToArray());

        connection.Tell(Tcp.Close.Instance);
        ExpectMsg<Tcp.Closed>();
    }

    [Fact]
    public void A_connect_to_a_closed_port_must_answer_CommandFailed()
    {
        using var reserved = Loopback.Listen();
        var endPoint = Loopback.EndPointOf(reserved);
        reserved.Close();
        var connect = new Tcp.Connect(endPoint);

        Sys.Tcp().Tell(connect);

        var failed = ExpectMsg<Tcp.CommandFailed>();
        Assert.Equal(connect, failed.Cmd);
        Assert.NotNull(failed.Cause);
    }

    [Fact]
    public void A_TLS_connect_to_a_server_with_another_certificate_must_answer_CommandFailed()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoHandler()));
        Sys.Tcp().Tell(new Tcp.Bind(echo, IoSpecSupport.AnyLoopbackPort, Options: new TcpOptions { ServerTls = ActorFs.Messages.Tls.TlsOptions.ForServer(TestCertificates.OtherCertificate) }));
        var endPoint = (IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;

        Sys.Tcp().Tell(new Tcp.Connect(endPoint, Options: IoSpecSupport.ClientTls));

        Assert.IsType<Tcp.Connect>(ExpectMsg<Tcp.CommandFailed>(TimeSpan.FromSeconds(15)).Cmd);
    }

    [Fact]
    public async Task A_thousand_concurrent_connections_must_each_echo_their_own_bytes()
    {
        var endPoint = BindEcho();
        const int connections = 1000;

        var echoes = Enumerable.Range(0, connections).Select(async i =>
        {
            var payload = IoSpecSupport.RandomBytes(512 + (i % 7) * 100, seed: 1000 + i);
            var echoed = await IoSpecSupport.EchoThroughAsync(endPoint, payload, tls: false);
            return payload.AsSpan().SequenceEqual(echoed);
        }).ToList();
        var results = await Task.WhenAll(echoes).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, Assert.True);
    }

    private sealed record Written(int Id) : Tcp.Event;
}
