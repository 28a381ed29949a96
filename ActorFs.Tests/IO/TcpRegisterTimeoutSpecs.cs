using System.Net.Sockets;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

/// <summary>The register timeout, on virtual time: no waiting for the real 5 s.</summary>
public sealed class TcpRegisterTimeoutSpecs : TestKit
{
    public TcpRegisterTimeoutSpecs() : base(VirtualTime())
    {
    }

    private async Task<(IActorRef Connection, Socket Client)> ConnectUnclaimedAsync()
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort));
        var endPoint = (System.Net.IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;
        var client = await Loopback.ConnectAsync(endPoint);
        ExpectMsg<Tcp.Connected>();
        return (LastSender, client);
    }

    [Fact]
    public async Task The_register_timeout_must_close_an_unclaimed_connection()
    {
        var (connection, client) = await ConnectUnclaimedAsync();
        using var _ = client;
        Watch(connection);

        Scheduler.Advance(TcpSettings.Default.RegisterTimeout);

        ExpectTerminated(connection);
        Assert.Equal(0, await client.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(Loopback.Deadline));
    }

    [Fact]
    public async Task A_registered_connection_must_outlive_the_register_timeout()
    {
        var (connection, client) = await ConnectUnclaimedAsync();
        using var _ = client;
        connection.Tell(new Tcp.Register(TestActor));

        Scheduler.Advance(TcpSettings.Default.RegisterTimeout * 3);
        await client.SendAsync("ping"u8.ToArray());

        Assert.Equal("ping"u8.ToArray(), ExpectMsg<Tcp.Received>().Data.ToArray());
    }
}
