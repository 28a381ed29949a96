using System.Net;
using System.Net.Sockets;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

public sealed class TcpBackPressureSpecs : TestKit
{
    private const int Chunk = 64 * 1024;

    private async Task<(IActorRef Connection, Socket Client, Stream Stream)> AcceptOneAsync(TcpOptions? options = null, Func<IPEndPoint, IPEndPoint>? via = null)
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort, Options: options));
        var endPoint = (IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;
        var connecting = IoSpecSupport.ConnectAsync(via?.Invoke(endPoint) ?? endPoint, tls: options?.ServerTls is not null);
        ExpectMsg<Tcp.Connected>(TimeSpan.FromSeconds(10));
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor));
        var (client, stream) = await connecting.WaitAsync(Loopback.Deadline);
        return (connection, client, stream);
    }

    [Fact]
    public async Task Writes_past_the_queue_limit_must_be_refused_while_the_peer_does_not_read_and_the_rest_must_arrive_intact()
    {
        const long limit = 256 * 1024;
        var (connection, _, stream) = await AcceptOneAsync(new TcpOptions { Settings = TcpSettings.Default with { MaxWriteQueueBytes = limit } });
        await using var _ = stream;
        const int writes = 400; // 25 MiB offered: far more than the socket buffers and the queue hold together

        for (var i = 0; i < writes; i++) connection.Tell(Tcp.Write.Create(ChunkOf(i), new Ack(i)));
        var accepted = new List<int>();
        var refusedCount = 0;
        Task<byte[]>? reading = null;
        while (accepted.Count + refusedCount < writes)
        {
            switch (ExpectMsg<object>(TimeSpan.FromSeconds(10)))
            {
                case Ack ack:
                    accepted.Add(ack.Id);
                    break;
                case Tcp.CommandFailed { Cause: WriteQueueFullException full }:
                    Assert.True(full.QueuedBytes <= limit, $"{full.QueuedBytes} bytes queued, limit {limit}");
                    refusedCount++;
                    reading ??= Loopback.ReadToEndAsync(stream); // the queue is full: now let the peer read
                    break;
                case var other:
                    Assert.Fail($"Unexpected {other}");
                    break;
            }
        }

        connection.Tell(Tcp.Close.Instance);
        ExpectMsg<Tcp.Closed>();
        Assert.NotNull(reading);
        var received = await reading;
        Assert.Equal(accepted.Count * Chunk, received.Length);
        Assert.Equal(accepted.SelectMany(ChunkOf).ToArray(), received);
        Assert.True(refusedCount > 0);
    }

    [Fact]
    public async Task A_slow_reader_with_ack_based_writes_must_get_every_byte_without_a_refused_write()
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort));
        var endPoint = (IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;
        var slow = new StammerSettings(MaxPieceSize: 16 * 1024, MaxDelay: TimeSpan.FromMilliseconds(2));
        await using var proxy = new StammeringProxy(endPoint, serverToClient: slow);
        var (client, stream) = await IoSpecSupport.ConnectAsync(proxy.EndPoint, tls: false);
        await using var _ = stream;
        ExpectMsg<Tcp.Connected>();
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor));
        var reading = Loopback.ReadToEndAsync(stream);
        const int writes = 48; // 3 MiB, one write outstanding at a time

        for (var i = 0; i < writes; i++)
        {
            connection.Tell(Tcp.Write.Create(ChunkOf(i), new Ack(i)));
            ExpectMsg(new Ack(i), TimeSpan.FromSeconds(10));
        }

        connection.Tell(Tcp.Close.Instance);
        ExpectMsg<Tcp.Closed>();
        Assert.Equal(Enumerable.Range(0, writes).SelectMany(ChunkOf).ToArray(), await reading);
        GC.KeepAlive(client);
    }

    [Fact]
    public async Task A_compound_write_must_write_its_parts_in_order_and_ack_each()
    {
        var (connection, _, stream) = await AcceptOneAsync();
        await using var _ = stream;

        connection.Tell(Tcp.Write.Create("ab"u8.ToArray(), new Ack(1)) + Tcp.Write.Create("cd"u8.ToArray()) + Tcp.Write.Create("ef"u8.ToArray(), new Ack(3)));

        ExpectMsg(new Ack(1));
        ExpectMsg(new Ack(3));
        Assert.Equal("abcdef"u8.ToArray(), await Loopback.ReadUpToAsync(stream, 6));
    }

    [Fact]
    public async Task SuspendReading_must_hold_back_data_until_ResumeReading()
    {
        var (connection, client, stream) = await AcceptOneAsync();
        await using var _ = stream;

        connection.Tell(Tcp.SuspendReading.Instance);
        connection.Tell(Tcp.Write.Create(Array.Empty<byte>(), new Ack(0)));
        ExpectMsg(new Ack(0)); // the suspend has been processed
        await client.SendAsync("held"u8.ToArray());
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        connection.Tell(Tcp.ResumeReading.Instance);

        Assert.Equal("held"u8.ToArray(), ExpectMsg<Tcp.Received>().Data.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Suspending_and_resuming_reading_many_times_must_not_stall_or_lose_bytes(bool tls)
    {
        var (connection, _, stream) = await AcceptOneAsync(tls ? IoSpecSupport.ServerTls : null);
        await using var _ = stream;
        var payload = IoSpecSupport.RandomBytes(200_000, seed: 11);
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 1000)
            {
                await stream.WriteAsync(payload.AsMemory(offset, 1000));
            }
        });

        var received = new List<byte>(payload.Length);
        var cycles = 0;
        while (received.Count < payload.Length)
        {
            var message = ExpectMsg<Tcp.Received>(TimeSpan.FromSeconds(10));
            received.AddRange(message.Data.ToArray());
            connection.Tell(Tcp.SuspendReading.Instance);
            connection.Tell(Tcp.ResumeReading.Instance);
            cycles++;
        }

        await sending.WaitAsync(Loopback.Deadline);
        Assert.Equal(payload, received.ToArray());
        Assert.True(cycles > 1);
    }

    private static byte[] ChunkOf(int index)
    {
        var chunk = new byte[Chunk];
        chunk.AsSpan().Fill((byte)index);
        chunk[0] = (byte)(index >> 8);
        return chunk;
    }

    private sealed record Ack(int Id) : Tcp.Event;
}
