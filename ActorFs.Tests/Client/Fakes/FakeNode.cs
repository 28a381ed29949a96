// A small, honest protocol v2 node for the client's specs (the real node is written elsewhere): a
// TLS (or plain) control listener and a transfer listener on 127.0.0.1 with ephemeral ports, serving
// a temporary folder with the ActorFs.Messages codecs. Faults are switches: cut a download after N
// bytes, corrupt a download's first byte.
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Client;
using ActorFs.Messages;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Client.Fakes;

public sealed class FakeNode : IAsyncDisposable
{
    private readonly Socket controlListener = Loopback.Listen();
    private readonly Socket transferListener = Loopback.Listen();
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, Ticket> tickets = new();
    private readonly SslServerAuthenticationOptions? tls;
    private readonly string temp = Path.Combine(Path.GetTempPath(), "actorfs-fake-" + Guid.NewGuid().ToString("N"));
    private int tokenCounter;

    private FakeNode(X509Certificate2? certificate)
    {
        Certificate = certificate;
        tls = certificate is null ? null : TlsOptions.ForServer(certificate);
        Root = Path.Combine(temp, "root");
        Staging = Path.Combine(temp, "staging");
        System.IO.Directory.CreateDirectory(Root);
        System.IO.Directory.CreateDirectory(Staging);
        _ = AcceptLoopAsync(controlListener, ServeControlAsync);
        _ = AcceptLoopAsync(transferListener, ServeTransferAsync);
    }

    public X509Certificate2? Certificate { get; }

    public string Root { get; }

    public string Staging { get; }

    public int Port => Loopback.EndPointOf(controlListener).Port;

    public int TransferPort => Loopback.EndPointOf(transferListener).Port;

    /// <summary>Downloads stop (connection dropped) after this many bytes.</summary>
    public long? CutDownloadsAfter { get; set; }

    /// <summary>Downloads send a wrong first byte.</summary>
    public bool CorruptDownloads { get; set; }

    public int PageSize { get; set; } = V2.MaxListLimit;

    public static FakeNode Start(bool useTls = true, X509Certificate2? certificate = null) =>
        new(useTls ? certificate ?? TestCertificates.NodeCertificate : null);

    public ClientOptions Options(ServerCertificatePolicy? policy = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UseTls = tls is not null,
        CertificatePolicy = tls is null ? null : policy ?? ServerCertificatePolicy.PinCertificate(Certificate!),
        RequestTimeout = Loopback.Deadline,
    };

    public string HostPath(string virtualPath) => Path.Combine(Root, virtualPath.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        controlListener.Dispose();
        transferListener.Dispose();
        stop.Dispose();
        try
        {
            System.IO.Directory.Delete(temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Stream, Task> serve)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    Stream stream = new NetworkStream(accepted, ownsSocket: true);
                    if (tls is not null)
                    {
                        stream = await TlsHandshake.AuthenticateAsServerAsync(stream, tls, Loopback.Deadline, stop.Token);
                    }

                    await using (stream)
                    {
                        await serve(stream);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException
                    or System.Security.Authentication.AuthenticationException or TimeoutException or SocketException)
                {
                }
            });
        }
    }

    private sealed class Session(Stream stream)
    {
        public SemaphoreSlim WriteLock { get; } = new(1, 1);

        public string Cwd { get; set; } = "/";

        public async Task SendAsync(V2.ServerMessage message)
        {
            await WriteLock.WaitAsync();
            try
            {
                await stream.WriteAsync(V2ServerMessageEncoder.Encode(message));
                await stream.FlushAsync();
            }
            finally
            {
                WriteLock.Release();
            }
        }
    }

    private sealed record Ticket(Session Session, long Id, string Transfer, bool Put, string VirtualPath, long Size, string? Sha256, bool Overwrite);

    private async Task ServeControlAsync(Stream stream)
    {
        var session = new Session(stream);
        var decoder = new JsonFrameDecoder();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            foreach (var frame in decoder.DecodeAll(buffer.AsSpan(0, read)))
            {
                if (frame.Status != FrameStatus.Value)
                {
                    await session.SendAsync(V2RequestDecoder.ForRefusedFrame(frame.Status, frame.Error));
                    continue;
                }

                if (!V2RequestDecoder.TryDecode(frame.Utf8.Span, out var request, out var error))
                {
                    await session.SendAsync(error);
                    continue;
                }

                V2.ServerMessage reply;
                try
                {
                    reply = Handle(session, request);
                }
                catch (FakeRefusal r)
                {
                    reply = V2.ErrorReply.Of(request.Id, request.Command, r.Code, r.Message);
                }

                await session.SendAsync(reply);
                if (request is V2.Requests.Bye)
                {
                    return;
                }
            }
        }
    }

    private sealed class FakeRefusal(ErrorCode code, string message) : Exception(message)
    {
        public ErrorCode Code { get; } = code;
    }

    private V2.ServerMessage Handle(Session s, V2.Request request)
    {
        switch (request)
        {
            case V2.Requests.Hello h:
                return new V2.Replies.Hello(h.Id, 2, "fake", "FakeNode/0", 65536, ["overwrite"], s.Cwd);
            case V2.Requests.Pwd p:
                return new V2.Replies.Pwd(p.Id, s.Cwd);
            case V2.Requests.Cd c:
                s.Cwd = Dir(s, c.Path);
                return new V2.Replies.Cd(c.Id, s.Cwd);
            case V2.Requests.Ls l:
            {
                var path = Dir(s, l.Path ?? ".");
                var all = new DirectoryInfo(HostPath(path)).EnumerateFileSystemInfos()
                    .OrderBy(i => i.Name, StringComparer.Ordinal)
                    .Where(i => l.Cursor is null || string.CompareOrdinal(i.Name, l.Cursor) > 0)
                    .ToList();
                var page = all.Take(Math.Min(l.Limit ?? PageSize, PageSize)).ToList();
                var next = all.Count > page.Count ? page[^1].Name : null;
                return new V2.Replies.Ls(l.Id, path, [.. page.Select(EntryOf)], next);
            }

            case V2.Requests.Mkdir m:
            {
                var path = Resolve(s, m.Path);
                if (Exists(path))
                {
                    throw new FakeRefusal(ErrorCode.Exists, $"Already exists: {path}");
                }

                Dir(s, Parent(path));
                System.IO.Directory.CreateDirectory(HostPath(path));
                return new V2.Replies.Mkdir(m.Id, path);
            }

            case V2.Requests.Rm r:
            {
                var path = File(s, r.Path);
                System.IO.File.Delete(HostPath(path));
                return new V2.Replies.Rm(r.Id, path);
            }

            case V2.Requests.Rmdir r:
            {
                var path = Dir(s, r.Path);
                if (path == "/")
                {
                    throw new FakeRefusal(ErrorCode.Forbidden, "The root cannot be removed.");
                }

                if (System.IO.Directory.EnumerateFileSystemEntries(HostPath(path)).Any())
                {
                    throw new FakeRefusal(ErrorCode.NotEmpty, $"Directory not empty: {path}");
                }

                System.IO.Directory.Delete(HostPath(path));
                return new V2.Replies.Rmdir(r.Id, path);
            }

            case V2.Requests.Mv m:
            {
                var from = Resolve(s, m.From);
                var to = Resolve(s, m.To);
                if (!Exists(from))
                {
                    throw new FakeRefusal(ErrorCode.NotFound, $"No such file or directory: {from}");
                }

                if (Exists(to) && (!m.Overwrite || System.IO.Directory.Exists(HostPath(to))))
                {
                    throw new FakeRefusal(ErrorCode.Exists, $"Already exists: {to}");
                }

                if (System.IO.Directory.Exists(HostPath(from)))
                {
                    System.IO.Directory.Move(HostPath(from), HostPath(to));
                }
                else
                {
                    System.IO.File.Move(HostPath(from), HostPath(to), m.Overwrite);
                }

                return new V2.Replies.Mv(m.Id, from, to);
            }

            case V2.Requests.Stat st:
            {
                var path = Resolve(s, st.Path);
                if (!Exists(path))
                {
                    throw new FakeRefusal(ErrorCode.NotFound, $"No such file or directory: {path}");
                }

                FileSystemInfo info = System.IO.Directory.Exists(HostPath(path)) ? new DirectoryInfo(HostPath(path)) : new FileInfo(HostPath(path));
                return new V2.Replies.Stat(st.Id, path, EntryOf(info) with { Name = path == "/" ? "/" : info.Name });
            }

            case V2.Requests.Sha256 h:
            {
                var path = File(s, h.Path);
                var info = new FileInfo(HostPath(path));
                return new V2.Replies.Sha256(h.Id, path, info.Length, info.LastWriteTimeUtc, Digest(info.FullName));
            }

            case V2.Requests.Get g:
            {
                var path = File(s, g.Path);
                var info = new FileInfo(HostPath(path));
                var token = Issue(new Ticket(s, g.Id, "t-" + g.Id, false, path, info.Length, null, false));
                return new V2.Replies.Get(g.Id, "t-" + g.Id, path, info.Length, info.LastWriteTimeUtc, Digest(info.FullName), 0, token, null, TransferPort, 60);
            }

            case V2.Requests.Put p:
            {
                var path = Resolve(s, p.Path);
                if (System.IO.Directory.Exists(HostPath(path)) || (!p.Overwrite && Exists(path)))
                {
                    throw new FakeRefusal(ErrorCode.Exists, $"Already exists: {path}");
                }

                Dir(s, Parent(path));
                var token = Issue(new Ticket(s, p.Id, "t-" + p.Id, true, path, p.Size, p.Sha256, p.Overwrite));
                return new V2.Replies.Put(p.Id, "t-" + p.Id, path, p.Size, 0, token, null, TransferPort, 60);
            }

            case V2.Requests.Help h:
                var commands = new V2.CommandHelp[]
                {
                    new("ls", "ls [path]", "List a directory."),
                    new("get", "get path", "Download a file."),
                };
                return new V2.Replies.Help(h.Id, [.. commands.Where(c => h.Topic is null || c.Name == h.Topic)]);
            case V2.Requests.Bye b:
                return new V2.Replies.Bye(b.Id);
            default:
                throw new FakeRefusal(ErrorCode.UnknownCommand, "Unknown command.");
        }
    }

    private string Issue(Ticket ticket)
    {
        var token = "tok" + Interlocked.Increment(ref tokenCounter);
        tickets[token] = ticket;
        return token;
    }

    private async Task ServeTransferAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (!line.Contains((byte)'\n'))
        {
            if (await stream.ReadAsync(one, stop.Token) == 0)
            {
                return;
            }

            line.Add(one[0]);
        }

        if (!TransferWire.TryParseHandshake(line.ToArray(), out var handshake) || !tickets.TryRemove(handshake.Token, out var ticket))
        {
            await stream.WriteAsync(TransferWire.EncodeOutcome(TransferWire.Outcome.Failed(ErrorCode.Gone, "The token expired or was already used.")));
            return;
        }

        var host = HostPath(ticket.VirtualPath);
        if (!ticket.Put)
        {
            var bytes = await System.IO.File.ReadAllBytesAsync(host);
            if (CorruptDownloads && bytes.Length > 0)
            {
                bytes[0] ^= 0xFF;
            }

            var count = CutDownloadsAfter is { } cut ? (int)Math.Min(cut, bytes.Length) : bytes.Length;
            await stream.WriteAsync(bytes.AsMemory(0, count));
            await stream.FlushAsync();
            if (count == bytes.Length)
            {
                await ticket.Session.SendAsync(new V2.Events.Verified(ticket.Id, ticket.Transfer, ticket.VirtualPath, count, Digest(host)));
            }

            return;
        }

        await stream.WriteAsync(TransferWire.ReadyFlag.ToArray());
        await stream.FlushAsync();
        var staged = Path.Combine(Staging, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = System.IO.File.Create(staged))
        {
            var buffer = new byte[1024 * 1024];
            long remaining = ticket.Size;
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), stop.Token);
                if (read == 0)
                {
                    System.IO.File.Delete(staged);
                    return;
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read));
                remaining -= read;
            }
        }

        var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (ticket.Sha256 is not null && ticket.Sha256 != digest)
        {
            System.IO.File.Delete(staged);
            const string message = "The upload's SHA-256 differs from the declared one; nothing was stored.";
            await stream.WriteAsync(TransferWire.EncodeOutcome(TransferWire.Outcome.Failed(ErrorCode.ChecksumMismatch, message)));
            await ticket.Session.SendAsync(new V2.Events.Failed(ticket.Id, ticket.Transfer, StatusCode.ChecksumMismatch, ErrorCode.ChecksumMismatch, message));
            return;
        }

        System.IO.File.Move(staged, host, ticket.Overwrite);
        await stream.WriteAsync(TransferWire.EncodeOutcome(TransferWire.Outcome.Stored(ticket.Size, digest)));
        await stream.FlushAsync();
        await ticket.Session.SendAsync(new V2.Events.Verified(ticket.Id, ticket.Transfer, ticket.VirtualPath, ticket.Size, digest));
    }

    private static string Resolve(Session s, string path)
    {
        var parts = new List<string>();
        var full = path.StartsWith('/') ? path : s.Cwd.TrimEnd('/') + "/" + path;
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var i and > 0 ? path[..i] : "/";

    private bool Exists(string path) => System.IO.File.Exists(HostPath(path)) || System.IO.Directory.Exists(HostPath(path));

    private string Dir(Session s, string path)
    {
        var resolved = Resolve(s, path);
        if (System.IO.File.Exists(HostPath(resolved)))
        {
            throw new FakeRefusal(ErrorCode.NotADirectory, $"Not a directory: {resolved}");
        }

        return System.IO.Directory.Exists(HostPath(resolved)) ? resolved : throw new FakeRefusal(ErrorCode.NotFound, $"No such directory: {resolved}");
    }

    private string File(Session s, string path)
    {
        var resolved = Resolve(s, path);
        if (System.IO.Directory.Exists(HostPath(resolved)))
        {
            throw new FakeRefusal(ErrorCode.IsADirectory, $"Is a directory: {resolved}");
        }

        return System.IO.File.Exists(HostPath(resolved)) ? resolved : throw new FakeRefusal(ErrorCode.NotFound, $"No such file: {resolved}");
    }

    private static V2.Entry EntryOf(FileSystemInfo info) => info is FileInfo f
        ? new V2.Entry(f.Name, V2.EntryKind.File, f.Length, f.LastWriteTimeUtc, null)
        : new V2.Entry(info.Name, V2.EntryKind.Directory, null, info.LastWriteTimeUtc, null);

    private static string Digest(string hostPath)
    {
        using var file = System.IO.File.OpenRead(hostPath);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
