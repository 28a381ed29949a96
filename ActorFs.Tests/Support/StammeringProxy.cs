// An in-process TCP proxy for fault tests (issue 8, item 1). It forwards raw TCP bytes, so it works
// the same under TLS, and per direction it can deliver in small pieces, add seeded random delays,
// and cut the connection (RST or FIN) after exactly N bytes.
using System.Net;
using System.Net.Sockets;

namespace ActorFs.Tests.Support;

/// <summary>A direction of a proxied connection.</summary>
public enum ProxyDirection
{
    ClientToServer,
    ServerToClient,
}

/// <summary>How the proxy cuts a connection.</summary>
public enum ProxyCutMode
{
    /// <summary>Both peers get a TCP reset (SO_LINGER 0 then close).</summary>
    Reset,

    /// <summary>Both peers get a FIN; whatever they send afterwards is read and dropped.</summary>
    Fin,
}

/// <summary>What the proxy does to the bytes of one direction.</summary>
/// <param name="MaxPieceSize">Bytes are written in pieces of at most this size (1 = one byte per write).</param>
/// <param name="MaxDelay">Before each piece, a random delay between zero and this (from the seeded Random).</param>
/// <param name="CutAfterBytes">When set, the connection is cut right after this many bytes went this way.</param>
/// <param name="CutMode">How the cut is made.</param>
public sealed record StammerSettings(
    int MaxPieceSize = 64 * 1024,
    TimeSpan MaxDelay = default,
    long? CutAfterBytes = null,
    ProxyCutMode CutMode = ProxyCutMode.Reset)
{
    /// <summary>Forward as fast as possible, unchanged.</summary>
    public static StammerSettings PassThrough { get; } = new();

    /// <summary>One byte per write, no delay.</summary>
    public static StammerSettings OneByte { get; } = new(MaxPieceSize: 1);
}

/// <summary>A cut the proxy made.</summary>
/// <param name="Connection">The connection's number, from 0 in accept order.</param>
/// <param name="Direction">The direction whose byte limit triggered the cut.</param>
/// <param name="BytesForwarded">How many bytes that direction forwarded on that connection before the cut.</param>
public sealed record ProxyCut(int Connection, ProxyDirection Direction, long BytesForwarded);

/// <summary>
/// Listens on 127.0.0.1 (ephemeral port) and forwards every accepted connection to a target.
/// Byte limits apply per connection. Dispose stops the listener and resets every live connection.
/// </summary>
public sealed class StammeringProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly StammerSettings clientToServer;
    private readonly StammerSettings serverToClient;
    private readonly int seed;
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource<ProxyCut> firstCut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> connections = [];
    private readonly Lock gate = new();
    private readonly Task acceptLoop;
    private long clientToServerBytes;
    private long serverToClientBytes;
    private int connectionCount;

    public StammeringProxy(IPEndPoint target, StammerSettings? clientToServer = null, StammerSettings? serverToClient = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.clientToServer = Validate(clientToServer ?? StammerSettings.PassThrough);
        this.serverToClient = Validate(serverToClient ?? StammerSettings.PassThrough);
        this.seed = seed;
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(128);
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Bytes forwarded from clients to the target, over all connections.</summary>
    public long ClientToServerBytes => Interlocked.Read(ref clientToServerBytes);

    /// <summary>Bytes forwarded from the target to clients, over all connections.</summary>
    public long ServerToClientBytes => Interlocked.Read(ref serverToClientBytes);

    /// <summary>How many connections were accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref connectionCount);

    /// <summary>Completes when the proxy made its first cut.</summary>
    public Task<ProxyCut> FirstCut => firstCut.Task;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] live;
        lock (gate)
        {
            live = [.. connections];
        }

        await Task.WhenAll(live).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        firstCut.TrySetCanceled();
        stopping.Dispose();
    }

    private static StammerSettings Validate(StammerSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxPieceSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxDelay, TimeSpan.Zero);
        if (settings.CutAfterBytes is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
        }

        return settings;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var number = Interlocked.Increment(ref connectionCount) - 1;
            var task = Task.Run(() => ServeAsync(number, client));
            lock (gate)
            {
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(int number, Socket client)
    {
        using var clientSocket = client;
        using var serverSocket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        clientSocket.NoDelay = true;
        serverSocket.NoDelay = true;
        try
        {
            await serverSocket.ConnectAsync(target, stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Reset(clientSocket);
            return;
        }

        var connection = new Connection(this, number, clientSocket, serverSocket);
        await connection.RunAsync();
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>One proxied connection: two pumps, one per direction, and the cut logic they share.</summary>
    private sealed class Connection(StammeringProxy proxy, int number, Socket client, Socket server)
    {
        private readonly CancellationTokenSource cut = CancellationTokenSource.CreateLinkedTokenSource(proxy.stopping.Token);
        private int cutDone;

        public async Task RunAsync()
        {
            using var registration = proxy.stopping.Token.Register(() => CutNow(null, ProxyCutMode.Reset, 0));
            var up = PumpAsync(ProxyDirection.ClientToServer, client, server, proxy.clientToServer);
            var down = PumpAsync(ProxyDirection.ServerToClient, server, client, proxy.serverToClient);
            await Task.WhenAll(up, down);
            cut.Dispose();
        }

        private async Task PumpAsync(ProxyDirection direction, Socket from, Socket to, StammerSettings settings)
        {
            var random = new Random(unchecked((proxy.seed * 7919) + (number * 2) + (int)direction));
            var buffer = new byte[16 * 1024];
            long forwarded = 0;
            try
            {
                if (settings.CutAfterBytes == 0)
                {
                    CutNow(direction, settings.CutMode, 0);
                }

                while (!cut.IsCancellationRequested)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, cut.Token);
                    if (read == 0)
                    {
                        // Half close passes through: the other side sees a FIN in this direction.
                        ShutdownSend(to);
                        return;
                    }

                    var offset = 0;
                    while (offset < read)
                    {
                        var allowed = settings.CutAfterBytes is { } limit ? limit - forwarded : long.MaxValue;
                        var piece = (int)Math.Min(Math.Min(read - offset, settings.MaxPieceSize), allowed);
                        if (settings.MaxDelay > TimeSpan.Zero)
                        {
                            var delay = TimeSpan.FromTicks((long)(random.NextDouble() * settings.MaxDelay.Ticks));
                            await Task.Delay(delay, cut.Token);
                        }

                        await SendAllAsync(to, buffer.AsMemory(offset, piece), cut.Token);
                        offset += piece;
                        forwarded += piece;
                        Interlocked.Add(ref direction == ProxyDirection.ClientToServer ? ref proxy.clientToServerBytes : ref proxy.serverToClientBytes, piece);
                        if (settings.CutAfterBytes == forwarded)
                        {
                            CutNow(direction, settings.CutMode, forwarded);
                            break;
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A peer reset or closed: pass the abort on, unless this end is already being cut.
                if (!cut.IsCancellationRequested)
                {
                    CutNow(null, ProxyCutMode.Reset, forwarded);
                }
            }

            if (Volatile.Read(ref cutDone) == (int)ProxyCutMode.Fin + 1)
            {
                await DrainAsync(from);
            }
        }

        private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken token)
        {
            while (!bytes.IsEmpty)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, token);
                bytes = bytes[sent..];
            }
        }

        /// <summary>After a FIN cut, reads and drops what the peer still sends until it closes.</summary>
        private async Task DrainAsync(Socket from)
        {
            var sink = new byte[4096];
            try
            {
                while (await from.ReceiveAsync(sink, SocketFlags.None, proxy.stopping.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        /// <summary>Cuts the whole connection once; <paramref name="direction"/> null means not a planned cut.</summary>
        private void CutNow(ProxyDirection? direction, ProxyCutMode mode, long forwarded)
        {
            if (Interlocked.CompareExchange(ref cutDone, (int)mode + 1, 0) != 0)
            {
                return;
            }

            if (direction is { } d)
            {
                proxy.firstCut.TrySetResult(new ProxyCut(number, d, forwarded));
            }

            if (mode == ProxyCutMode.Fin)
            {
                ShutdownSend(client);
                ShutdownSend(server);
                cut.Cancel();
            }
            else
            {
                cut.Cancel();
                Reset(client);
                Reset(server);
            }
        }
    }
}
