using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorFs.Tests.EndToEnd;

/// <summary>
/// Does on the wire exactly what the legacy Python client does (LEGACY-PROTOCOL.md): one JSON object per
/// write as json.dumps writes it, a reply read with a single 4096-byte read, the whole transfer reply echoed
/// on the transfer port, the 10101010 flag, and a close without close_notify.
/// </summary>
internal sealed class LegacyClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private LegacyClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public static async Task<LegacyClient> ConnectAsync(IPEndPoint endpoint, X509Certificate2? pinned)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        return new LegacyClient(tcp, await SecureAsync(tcp, pinned));
    }

    /// <summary>Sends one request as json.dumps would: <c>{"command": "ls", "argument": null}</c>.</summary>
    public Task<string> SendAsync(string command, string? argument) =>
        SendRawAsync($"{{\"command\": {Quote(command)}, \"argument\": {(argument is null ? "null" : Quote(argument))}}}");

    /// <summary>Writes these exact bytes in one write and returns the reply of one read of up to 4096 bytes.</summary>
    public async Task<string> SendRawAsync(string text)
    {
        await WriteAsync(Encoding.UTF8.GetBytes(text));
        return await ReadReplyAsync();
    }

    public async Task WriteAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await _stream.WriteAsync(bytes, timeout.Token);
        await _stream.FlushAsync(timeout.Token);
    }

    public async Task<string> ReadReplyAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Deadline);
        // One read, exactly as the Python client does: the contract is that a reply arrives in one piece.
        var read = await _stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>A download as the legacy client does it: echo the reply, read until the node closes.</summary>
    public static async Task<byte[]> DownloadAsync(IPEndPoint transferPort, X509Certificate2? pinned, string transferReply)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(transferPort);
        await using var stream = await SecureAsync(tcp, pinned);
        using var timeout = new CancellationTokenSource(Deadline * 3);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(transferReply), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return received.ToArray();
    }

    /// <summary>An upload as the legacy client does it: echo the reply with its own checksum, await 10101010, send, close.</summary>
    public static async Task<string> UploadAsync(IPEndPoint transferPort, X509Certificate2? pinned, string echoedReply, byte[] content)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(transferPort);
        var stream = await SecureAsync(tcp, pinned);
        using var timeout = new CancellationTokenSource(Deadline * 3);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(echoedReply), timeout.Token);
        var flag = new byte[8];
        await stream.ReadExactlyAsync(flag, timeout.Token);
        await stream.WriteAsync(content, timeout.Token);
        await stream.FlushAsync(timeout.Token);
        // The Python client closes the socket without a TLS close_notify.
        tcp.Client.Shutdown(SocketShutdown.Send);
        var rest = new byte[1];
        try
        {
            await stream.ReadAtLeastAsync(rest, 1, throwOnEndOfStream: false, timeout.Token);
        }
        catch (IOException)
        {
            // The node closed first.
        }
        tcp.Client.Dispose();
        return Encoding.ASCII.GetString(flag);
    }

    private static async Task<Stream> SecureAsync(TcpClient tcp, X509Certificate2? pinned)
    {
        if (pinned is null) return tcp.GetStream();
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData),
        });
        return ssl;
    }

    /// <summary>A JSON string as json.dumps writes it: non-ASCII as \uXXXX, '/' unescaped.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder();
        ActorFs.Messages.PythonJson.AppendString(sb, text);
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // Like the Python client: drop the TCP connection without close_notify.
        _tcp.Client.Dispose();
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
