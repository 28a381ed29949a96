using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ActorFs.Benchmarks.Common;
using ActorFs.Messages.Tls;

namespace ActorFs.Benchmarks.SmallOps;

/// <summary>
/// The small-ops baseline: a bare TLS server that reads one JSON request per line, parses it for its id and
/// command, and answers one JSON line of the size and shape the node answers that command with. No actors,
/// no file system: what a request costs in TLS, JSON and the socket alone.
/// </summary>
internal sealed class EchoServer(X509Certificate2 certificate) : IAsyncDisposable
{
    private readonly TlsAcceptLoop _loop = new(certificate, ServeAsync);

    public IPEndPoint Endpoint => _loop.Endpoint;

    /// <summary>The request lines a bare client sends, shaped like the client library's.</summary>
    public static byte[] Request(string command, long id) => command switch
    {
        "stat" => Encoding.UTF8.GetBytes($"{{\"id\":{id},\"command\":\"stat\",\"path\":\"/d/f0.txt\"}}\n"),
        "pwd" => Encoding.UTF8.GetBytes($"{{\"id\":{id},\"command\":\"pwd\"}}\n"),
        _ => Encoding.UTF8.GetBytes($"{{\"id\":{id},\"command\":\"ls\",\"path\":\"/d\"}}\n"),
    };

    private static byte[] Reply(string command, long id, int entries) => command switch
    {
        "stat" => Encoding.UTF8.GetBytes($"{{\"type\":\"reply\",\"id\":{id},\"status\":200,\"command\":\"stat\",\"path\":\"/d/f0.txt\",\"name\":\"f0.txt\",\"kind\":\"file\",\"size\":4096,\"mtime\":1763724055123,\"sha256\":null}}\n"),
        "pwd" => Encoding.UTF8.GetBytes($"{{\"type\":\"reply\",\"id\":{id},\"status\":200,\"command\":\"pwd\",\"path\":\"/\"}}\n"),
        _ => Encoding.UTF8.GetBytes($"{{\"type\":\"reply\",\"id\":{id},\"status\":200,\"command\":\"ls\",\"path\":\"/d\",\"entries\":[" +
            string.Join(",", Enumerable.Range(0, entries).Select(i => $"{{\"name\":\"f{i}.txt\",\"kind\":\"file\",\"size\":4096,\"mtime\":1763724055123,\"sha256\":null}}")) +
            "],\"next\":null}\n"),
    };

    public static int Entries { get; set; } = 10;

    private static async Task ServeAsync(SslStream ssl, CancellationToken stop)
    {
        var lines = new LineStream(ssl);
        while (true)
        {
            var line = await lines.ReadLineAsync(stop);
            if (line.IsEmpty) return;
            var (id, command) = Parse(line.Span);
            await ssl.WriteAsync(Reply(command, id, Entries), stop);
        }
    }

    internal static (long Id, string Command) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        long id = 0;
        var command = "";
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("command"u8))
            {
                reader.Read();
                command = reader.GetString() ?? "";
            }
        }
        return (id, command);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();
}
