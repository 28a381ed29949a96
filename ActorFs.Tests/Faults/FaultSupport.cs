// Shared helpers of the fault specs (issue 8): raw TLS control connections that read one JSON value at a
// time, clients routed through stammering proxies, deadline-bounded checks of the staging area, and a
// store decorator that injects disk and code faults into uploads.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ActorFs.Client;
using ActorFs.Messages;
using ActorFs.Node.Storage;
using ActorFs.Tests.EndToEnd;

namespace ActorFs.Tests.Faults;

/// <summary>One TLS connection to a node port, speaking raw bytes; reads JSON values with the product's frame decoder.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private readonly JsonFrameDecoder _decoder = new(1024 * 1024);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private ReadOnlyMemory<byte> _pending = ReadOnlyMemory<byte>.Empty;

    private RawConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; }

    public static async Task<RawConnection> OpenAsync(IPEndPoint endpoint, X509Certificate2? pinned, bool handshake = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint).WaitAsync(Deadline);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (pinned is not null && handshake)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            using var timeout = new CancellationTokenSource(Deadline);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "",
                    RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData),
                },
                timeout.Token);
            stream = ssl;
        }

        return new RawConnection(socket, stream);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await Stream.WriteAsync(bytes, timeout.Token);
        await Stream.FlushAsync(timeout.Token);
    }

    /// <summary>The next JSON value the node sent, or null when the node closed the connection first.</summary>
    public async Task<string?> ReadValueAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            while (!_pending.IsEmpty)
            {
                var consumed = _decoder.Decode(_pending.Span, out var frame);
                var value = frame.Status == FrameStatus.Value ? Encoding.UTF8.GetString(frame.Utf8) : null;
                _pending = _pending[consumed..];
                if (value is not null)
                {
                    return value;
                }
            }

            int read;
            try
            {
                read = await Stream.ReadAsync(_buffer, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending = _buffer.AsMemory(0, read).ToArray();
        }
    }

    /// <summary>Sends one value and parses the one reply.</summary>
    public async Task<JsonElement> RequestAsync(string json)
    {
        await SendAsync(json);
        var reply = await ReadValueAsync() ?? throw new IOException("The node closed the connection instead of replying to " + json);
        using var doc = JsonDocument.Parse(reply);
        return doc.RootElement.Clone();
    }

    /// <summary>Completes with true when the node ends the connection (EOF, reset), false if it is still open at the deadline.</summary>
    public async Task<bool> ClosedByNodeAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var sink = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(sink, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await Stream.DisposeAsync();
    }
}

/// <summary>Small helpers over a running node.</summary>
internal static class Faults
{
    /// <summary>Seeded random content.</summary>
    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string StagingFolder(string root) => Path.Join(root, ".actorfs", "staging");

    /// <summary>Staged entries (bytes and metadata) under the node's root.</summary>
    public static string[] Staged(string root)
    {
        var folder = StagingFolder(root);
        return Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];
    }

    /// <summary>
    /// Waits until the staging area is empty. Nothing but the file system observes a discard, so this polls it,
    /// with a deadline.
    /// </summary>
    public static async Task AssertStagingEmptyAsync(string root, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10));
        while (Staged(root).Length > 0)
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("The staging area still holds: " + string.Join(", ", Staged(root).Select(Path.GetFileName)));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>A v2 client for <paramref name="node"/>, optionally through proxies in front of its two ports.</summary>
    public static Task<ActorFsClient> ConnectAsync(RunningNode node, IPEndPoint? control = null, IPEndPoint? transfer = null, TimeSpan? requestTimeout = null) =>
        ActorFsClient.ConnectAsync(Options(node, control, transfer, requestTimeout));

    public static ClientOptions Options(RunningNode node, IPEndPoint? control = null, IPEndPoint? transfer = null, TimeSpan? requestTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = (control ?? node.Control).Port,
        CertificatePolicy = node.TrustPolicy,
        RouteTransfer = transfer is null ? null : (host, _) => (host, transfer.Port),
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Proves the node still serves: a fresh session lists the root and round-trips a small file.</summary>
    public static async Task AssertServesAsync(RunningNode node, string scratch)
    {
        await using var client = await ConnectAsync(node);
        var content = RandomBytes(1000, scratch.GetHashCode(StringComparison.Ordinal));
        var local = Path.Join(Path.GetTempPath(), "actorfs-probe-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(local, content);
        try
        {
            var remote = "/probe-" + Guid.NewGuid().ToString("N");
            await client.UploadAsync(local, remote);
            File.Delete(local);
            await client.DownloadAsync(remote, local);
            Assert.Equal(content, await File.ReadAllBytesAsync(local));
            await client.RmAsync(remote);
        }
        finally
        {
            File.Delete(local);
        }
    }
}

/// <summary>A local folder for the client's side of transfers; the owning spec deletes it when it ends.</summary>
internal sealed class LocalFolder
{
    public string Path { get; } = Directory.CreateTempSubdirectory("actorfs-local-").FullName;

    public string File(string name) => System.IO.Path.Join(Path, name);

    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What a <see cref="FaultyStore"/> does to uploads.</summary>
internal sealed class UploadFaults
{
    /// <summary>Throw IOException(ENOSPC) once a staged upload holds more than this many bytes.</summary>
    public long? DiskFullAfter { get; set; }

    /// <summary>Throw this (not an IO error: a bug) from the staged stream once it holds more than <see cref="CrashAfter"/> bytes.</summary>
    public long? CrashAfter { get; set; }

    /// <summary>Throw InvalidOperationException from the commit: the Transfer actor itself fails in a receive.</summary>
    public bool CrashOnCommit { get; set; }
}

/// <summary>An <see cref="IFileStore"/> that injects <see cref="UploadFaults"/> into a real store.</summary>
internal sealed class FaultyStore(IFileStore inner, UploadFaults faults) : IFileStore
{
    public FileEntry Stat(VirtualPath path) => inner.Stat(path);

    public DirectoryPage List(VirtualPath directory, PageRequest page) => inner.List(directory, page);

    public void CreateDirectory(VirtualPath path) => inner.CreateDirectory(path);

    public void DeleteFile(VirtualPath path) => inner.DeleteFile(path);

    public void RemoveDirectory(VirtualPath path) => inner.RemoveDirectory(path);

    public void Move(VirtualPath source, VirtualPath target, bool overwrite) => inner.Move(source, target, overwrite);

    public OpenedFile OpenRead(VirtualPath path) => inner.OpenRead(path);

    public ValueTask<string> GetSha256Async(VirtualPath path, CancellationToken cancellationToken = default) => inner.GetSha256Async(path, cancellationToken);

    public void RecordDigest(VirtualPath path, long size, DateTime lastWriteTimeUtc, string sha256) => inner.RecordDigest(path, size, lastWriteTimeUtc, sha256);

    public IStagedUpload BeginUpload(UploadIntent intent) => new FaultyUpload(inner.BeginUpload(intent), faults);

    public FileEntry CommitUpload(IStagedUpload upload, bool overwrite, string? sha256 = null)
    {
        if (faults.CrashOnCommit)
        {
            throw new InvalidOperationException("injected: the commit crashed");
        }

        return inner.CommitUpload(Unwrap(upload), overwrite, sha256);
    }

    public void DiscardUpload(IStagedUpload upload) => inner.DiscardUpload(Unwrap(upload));

    public IReadOnlyList<StagedUploadInfo> ListStaged() => inner.ListStaged();

    public int SweepStaging(IStagingRetention? retention = null) => inner.SweepStaging(retention);

    public long FreeSpace() => inner.FreeSpace();

    public FileEntry CommitAppend(IStagedUpload upload, VirtualPath target) => inner.CommitAppend(Unwrap(upload), target);

    public FileEntry CommitWriteAt(IStagedUpload upload, VirtualPath target, long offset) => inner.CommitWriteAt(Unwrap(upload), target, offset);

    public int RecoverPartialWrites() => inner.RecoverPartialWrites();

    private static IStagedUpload Unwrap(IStagedUpload upload) => upload is FaultyUpload f ? f.Inner : upload;

    private sealed class FaultyUpload(IStagedUpload inner, UploadFaults faults) : IStagedUpload
    {
        private readonly FaultyStream _content = new(inner.Content, faults);

        public IStagedUpload Inner => inner;

        public string Id => inner.Id;

        public UploadIntent Intent => inner.Intent;

        public Stream Content => _content;

        public long BytesWritten => inner.BytesWritten;

        public string StagingPath => inner.StagingPath;

        public void Dispose() => inner.Dispose();
    }

    private sealed class FaultyStream(Stream inner, UploadFaults faults) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Check(int count)
        {
            _written += count;
            if (faults.DiskFullAfter is { } full && _written > full)
            {
                throw new IOException("No space left on device", 28);
            }

            if (faults.CrashAfter is { } crash && _written > crash)
            {
                throw new InvalidOperationException("injected: the transfer crashed mid-stream");
            }
        }
    }
}
