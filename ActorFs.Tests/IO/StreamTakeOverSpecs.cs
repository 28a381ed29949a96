using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ActorFs.Actors;
using ActorFs.Actors.IO;
using ActorFs.Actors.TestKit;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.IO;

public sealed class StreamTakeOverSpecs : TestKit
{
    private async Task<(IActorRef Connection, Socket Client, Stream Stream)> AcceptOneAsync(bool tls, bool keepOpen = false)
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort, Options: tls ? IoSpecSupport.ServerTls : null));
        var endPoint = (IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;
        var connecting = IoSpecSupport.ConnectAsync(endPoint, tls);
        ExpectMsg<Tcp.Connected>(TimeSpan.FromSeconds(10));
        var connection = LastSender;
        connection.Tell(new Tcp.Register(TestActor, keepOpen));
        var (client, stream) = await connecting.WaitAsync(Loopback.Deadline);
        return (connection, client, stream);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_must_arrive_byte_identical_across_the_takeover(bool tls)
    {
        // Kept open on peer close: the whole upload (and its end) may be read before the takeover is processed.
        var (connection, client, stream) = await AcceptOneAsync(tls, keepOpen: true);
        await using var _ = stream;
        var payload = IoSpecSupport.RandomBytes(6 * 1024 * 1024, seed: 21);
        var sending = Task.Run(async () =>
        {
            await stream.WriteAsync(payload);
            client.Shutdown(SocketShutdown.Send);
        });

        // Take over after the first piece arrived, while the rest is still streaming in.
        var before = new List<byte>(ExpectMsg<Tcp.Received>().Data.ToArray());
        connection.Tell(Tcp.TakeOverStream.Instance);
        Tcp.StreamTakenOver? takenOver = null;
        while (takenOver is null)
        {
            switch (ExpectMsg<object>())
            {
                case Tcp.Received received: before.AddRange(received.Data.ToArray()); break;
                case Tcp.PeerClosed: break;
                case Tcp.StreamTakenOver handed: takenOver = handed; break;
                case var other: Assert.Fail($"Unexpected {other}"); break;
            }
        }

        using var rest = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(before.ToArray());
        var copied = await StreamCopy.CopyAsync(takenOver.Stream, rest, hash: hash).WaitAsync(Loopback.Deadline);
        await sending.WaitAsync(Loopback.Deadline);
        await takenOver.Stream.DisposeAsync();

        Assert.Equal(payload.Length - before.Count, copied.Bytes);
        Assert.Equal(payload, before.Concat(rest.ToArray()).ToArray());
        Assert.Equal(SHA256.HashData(payload), copied.Hash);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_download_through_a_taken_over_stream_must_follow_the_writes_queued_before_it(bool tls)
    {
        var (connection, _, stream) = await AcceptOneAsync(tls);
        await using var _ = stream;
        var header = "HEADER"u8.ToArray();
        var payload = IoSpecSupport.RandomBytes(5 * 1024 * 1024, seed: 22);
        var reading = Loopback.ReadToEndAsync(stream);

        connection.Tell(Tcp.Write.Create(header));
        connection.Tell(Tcp.TakeOverStream.Instance);
        var takenOver = ExpectMsg<Tcp.StreamTakenOver>();
        var copying = StreamCopy.Run(new MemoryStream(payload), takenOver.Stream, TestActor, length: payload.Length);
        var result = ExpectMsg<StreamCopyResult>(TimeSpan.FromSeconds(20));
        await copying;
        await takenOver.Stream.DisposeAsync();

        Assert.Equal(payload.Length, result.Bytes);
        Assert.Equal(header.Concat(payload).ToArray(), await reading);
    }

    [Fact]
    public async Task A_download_must_be_able_to_use_sendfile_on_the_taken_over_socket()
    {
        var (connection, _, stream) = await AcceptOneAsync(tls: false);
        await using var _ = stream;
        var payload = IoSpecSupport.RandomBytes(3 * 1024 * 1024, seed: 23);
        var path = Path.Combine(Path.GetTempPath(), $"actorfs-sendfile-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, payload);
        try
        {
            var reading = Loopback.ReadToEndAsync(stream);
            connection.Tell(Tcp.TakeOverStream.Instance);
            var takenOver = ExpectMsg<Tcp.StreamTakenOver>();
            var sent = await StreamCopy.SendFileAsync(takenOver.Socket, path).WaitAsync(Loopback.Deadline);
            await takenOver.Stream.DisposeAsync();

            Assert.Equal(payload.Length, sent.Bytes);
            Assert.Equal(payload, await reading);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_connection_must_close_the_stream_when_its_owner_stops_without_closing_it()
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, IoSpecSupport.AnyLoopbackPort));
        var endPoint = (IPEndPoint)ExpectMsg<Tcp.Bound>().LocalAddress;
        var connecting = IoSpecSupport.ConnectAsync(endPoint, tls: false);
        ExpectMsg<Tcp.Connected>();
        var connection = LastSender;
        var owner = CreateTestProbe();
        connection.Tell(new Tcp.Register(owner.Ref));
        var (_, stream) = await connecting;
        await using var _ = stream;
        Watch(connection);

        owner.Send(connection, Tcp.TakeOverStream.Instance);
        owner.ExpectMsg<Tcp.StreamTakenOver>();
        Sys.Stop(owner.Ref);

        ExpectTerminated(connection);
        Assert.Empty(await Loopback.ReadToEndAsync(stream));
    }

    [Fact]
    public async Task Abort_sent_to_the_connection_after_a_takeover_must_reset_the_stream()
    {
        var (connection, client, stream) = await AcceptOneAsync(tls: false);
        await using var _ = stream;
        connection.Tell(Tcp.TakeOverStream.Instance);
        var takenOver = ExpectMsg<Tcp.StreamTakenOver>();
        var ownerRead = takenOver.Stream.ReadAsync(new byte[16].AsMemory()).AsTask();

        connection.Tell(Tcp.Abort.Instance);

        ExpectMsg<Tcp.Aborted>();
        var reset = await Assert.ThrowsAsync<SocketException>(() => client.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(Loopback.Deadline));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        await Assert.ThrowsAnyAsync<Exception>(() => ownerRead.WaitAsync(Loopback.Deadline));
    }

    [Fact]
    public async Task Only_the_registered_handler_may_take_over_the_stream()
    {
        var (connection, _, stream) = await AcceptOneAsync(tls: false);
        await using var _ = stream;
        var stranger = CreateTestProbe();

        stranger.Send(connection, Tcp.TakeOverStream.Instance);

        Assert.IsType<Tcp.TakeOverStream>(stranger.ExpectMsg<Tcp.CommandFailed>().Cmd);
    }
}
