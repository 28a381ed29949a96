using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.Transfer;

/// <summary>
/// The transfer baselines: the same bytes from one file to another over loopback with no ActorFs code in
/// the way. Each receiver writes a file and fsyncs it at the end, as the node (uploads) and the client
/// (downloads) do.
/// </summary>
internal static class BareCopies
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Sender: file -> SslStream (1 MiB writes). Receiver: SslStream -> SHA-256 -> file, reading the next buffer
    /// while the current one is hashed and written. Returns the seconds taken and the receiver's digest.
    /// </summary>
    public static async Task<(double Seconds, string Sha256)> SslStreamWithSha256Async(string source, string target, X509Certificate2 certificate)
    {
        using var listener = Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var clock = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptAsync();
            accepted.NoDelay = true;
            await using var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: false));
            await ssl.AuthenticateAsServerAsync(TlsOptions.ForServer(certificate));
            await using var file = OpenRead(source);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int read;
                while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize))) > 0) await ssl.WriteAsync(buffer.AsMemory(0, read));
                await ssl.ShutdownAsync();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        await using var client = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await client.AuthenticateAsClientAsync(TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(certificate)));
        var sha = await ReceiveAsync(client, target, hash: true);
        await sending;
        return (clock.Elapsed.TotalSeconds, sha!);
    }

    /// <summary>Sender: Socket.SendFileAsync of the whole file over plain TCP. Receiver: socket -> file, no hashing.</summary>
    public static async Task<double> SendFileAsync(string source, string target)
    {
        using var listener = Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var clock = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptAsync();
            await accepted.SendFileAsync(source);
            accepted.Shutdown(SocketShutdown.Send);
        });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await ReceiveAsync(stream, target, hash: false);
        await sending;
        return clock.Elapsed.TotalSeconds;
    }

    private static Socket Listen()
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return listener;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task<string?> ReceiveAsync(Stream input, string target, bool hash)
    {
        using var sha = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var filled = await FillAsync(input, current);
            while (filled > 0)
            {
                var reading = FillAsync(input, next);
                sha?.AppendData(current, 0, filled);
                await file.WriteAsync(current.AsMemory(0, filled));
                filled = await reading;
                (current, next) = (next, current);
            }
            file.Flush(flushToDisk: true);
            return sha is null ? null : Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task<int> FillAsync(Stream input, byte[] buffer)
    {
        var total = 0;
        while (total < BufferSize)
        {
            var read = await input.ReadAsync(buffer.AsMemory(total, BufferSize - total));
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
