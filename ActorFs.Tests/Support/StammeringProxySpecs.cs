using System.Net;
using System.Net.Sockets;
using ActorFs.Messages.Tls;

namespace ActorFs.Tests.Support;

public sealed class StammeringProxySpecs : IAsyncDisposable
{
    private readonly Socket target = Loopback.Listen();
    private readonly CancellationTokenSource stop = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        target.Dispose();
        stop.Dispose();
    }

    [Fact]
    public async Task Bytes_must_arrive_identical_through_one_byte_delivery_in_both_directions()
    {
        _ = RunEchoAsync();
        await using var proxy = new StammeringProxy(Loopback.EndPointOf(target), StammerSettings.OneByte, StammerSettings.OneByte);
        var payload = RandomBytes(20_000, seed: 7);

        var echoed = await EchoThroughAsync(proxy.EndPoint, payload);

        Assert.Equal(payload, echoed);
        Assert.Equal(payload.Length, proxy.ClientToServerBytes);
        Assert.Equal(payload.Length, proxy.ServerToClientBytes);
    }

    [Fact]
    public async Task Bytes_must_arrive_identical_through_small_pieces_with_random_delays()
    {
        _ = RunEchoAsync();
        var stammer = new StammerSettings(MaxPieceSize: 7, MaxDelay: TimeSpan.FromMilliseconds(2));
        await using var proxy = new StammeringProxy(Loopback.EndPointOf(target), stammer, stammer, seed: 42);
        var payload = RandomBytes(3_000, seed: 8);

        var echoed = await EchoThroughAsync(proxy.EndPoint, payload);

        Assert.Equal(payload, echoed);
    }

    [Fact]
    public async Task A_FIN_cut_must_happen_exactly_after_byte_N()
    {
        var sink = ReadOneConnectionToEndAsync();
        await using var proxy = new StammeringProxy(
            Loopback.EndPointOf(target),
            clientToServer: new StammerSettings(MaxPieceSize: 100, CutAfterBytes: 333, CutMode: ProxyCutMode.Fin));
        var payload = RandomBytes(1_000, seed: 9);

        using var client = await Loopback.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(payload);
        var received = await sink.WaitAsync(Loopback.Deadline);
        var cut = await proxy.FirstCut.WaitAsync(Loopback.Deadline);

        Assert.Equal(payload[..333], received);
        Assert.Equal(new ProxyCut(0, ProxyDirection.ClientToServer, 333), cut);
        Assert.Equal(333, proxy.ClientToServerBytes);
        Assert.Equal(0, await client.ReceiveAsync(new byte[16]).WaitAsync(Loopback.Deadline)); // the client sees a FIN too
    }

    [Fact]
    public async Task A_reset_cut_must_forward_exactly_N_bytes_then_reset_the_receiver()
    {
        var payload = RandomBytes(5_000, seed: 10);
        _ = SendOnEachConnectionAsync(payload);
        await using var proxy = new StammeringProxy(
            Loopback.EndPointOf(target),
            serverToClient: new StammerSettings(CutAfterBytes: 1_234, CutMode: ProxyCutMode.Reset));

        using var client = await Loopback.ConnectAsync(proxy.EndPoint);
        var received = new List<byte>();
        var buffer = new byte[4096];
        var reset = false;
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(buffer).WaitAsync(Loopback.Deadline)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            reset = true;
        }

        var cut = await proxy.FirstCut.WaitAsync(Loopback.Deadline);
        Assert.True(reset, "the client must see a reset, not an orderly end");
        Assert.Equal(1_234, cut.BytesForwarded);
        Assert.Equal(ProxyDirection.ServerToClient, cut.Direction);
        Assert.Equal(1_234, proxy.ServerToClientBytes);
        Assert.True(received.Count <= 1_234);
        Assert.Equal(payload[..received.Count], received.ToArray());
    }

    [Fact]
    public async Task An_SslStream_echo_must_work_through_one_byte_delivery()
    {
        var node = TestCertificates.NodeCertificate;
        _ = Loopback.RunTlsEchoServerAsync(target, TlsOptions.ForServer(node), stop.Token);
        await using var proxy = new StammeringProxy(Loopback.EndPointOf(target), StammerSettings.OneByte, StammerSettings.OneByte);
        var payload = RandomBytes(8_000, seed: 11);

        using var socket = await Loopback.ConnectAsync(proxy.EndPoint);
        await using var tls = await TlsHandshake.AuthenticateAsClientAsync(
            new NetworkStream(socket), TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(node)), Loopback.Deadline, CancellationToken.None);
        var echo = Loopback.ReadUpToAsync(tls, payload.Length);
        await tls.WriteAsync(payload);

        Assert.Equal(payload, await echo);
    }

    [Fact]
    public async Task A_cut_inside_TLS_must_fail_the_client_cleanly()
    {
        var node = TestCertificates.NodeCertificate;
        _ = Loopback.RunTlsEchoServerAsync(target, TlsOptions.ForServer(node), stop.Token);
        await using var proxy = new StammeringProxy(
            Loopback.EndPointOf(target),
            serverToClient: new StammerSettings(CutAfterBytes: 5_000, CutMode: ProxyCutMode.Fin));

        using var socket = await Loopback.ConnectAsync(proxy.EndPoint);
        await using var tls = await TlsHandshake.AuthenticateAsClientAsync(
            new NetworkStream(socket), TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(node)), Loopback.Deadline, CancellationToken.None);
        var writing = tls.WriteAsync(new byte[20_000]).AsTask();
        var received = await Loopback.ReadUpToAsync(tls, 20_000).ContinueWith(t => t.Exception?.InnerException as object ?? t.Result, TaskScheduler.Default);

        Assert.True(received is IOException || received is byte[] { Length: < 20_000 }, $"unexpected: {received}");
        await proxy.FirstCut.WaitAsync(Loopback.Deadline);
        await writing.ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Loopback.Deadline);
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
#pragma warning disable CA5394 // Test data, not security.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    private static async Task<byte[]> EchoThroughAsync(IPEndPoint endPoint, byte[] payload)
    {
        using var client = await Loopback.ConnectAsync(endPoint);
        await using var stream = new NetworkStream(client);
        var echo = Loopback.ReadToEndAsync(stream);
        await stream.WriteAsync(payload);
        client.Shutdown(SocketShutdown.Send);
        return await echo;
    }

    private async Task RunEchoAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var accepted = await target.AcceptAsync(stop.Token);
            _ = Task.Run(async () =>
            {
                using var socket = accepted;
                await using var stream = new NetworkStream(socket);
                await stream.CopyToAsync(stream, stop.Token);
                socket.Shutdown(SocketShutdown.Send);
            });
        }
    }

    private async Task<byte[]> ReadOneConnectionToEndAsync()
    {
        using var accepted = await target.AcceptAsync(stop.Token);
        await using var stream = new NetworkStream(accepted);
        return await Loopback.ReadToEndAsync(stream);
    }

    private async Task SendOnEachConnectionAsync(byte[] payload)
    {
        using var accepted = await target.AcceptAsync(stop.Token);
        try
        {
            await accepted.SendAsync(payload);
            await accepted.ReceiveAsync(new byte[1], stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }
    }
}
