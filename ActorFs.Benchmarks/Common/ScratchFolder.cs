using System.Security.Cryptography;

namespace ActorFs.Benchmarks.Common;

/// <summary>
/// A temporary folder for generated data, deleted on dispose. It is on /dev/shm (tmpfs) when that exists,
/// so that transfers measure the data path (TLS, hashing, copies) rather than this VM's disk; <c>--dir</c>
/// puts it elsewhere (e.g. on the real disk, to see what fsync costs).
/// </summary>
internal sealed class ScratchFolder : IDisposable
{
    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    public static ScratchFolder Create(string[] args, string prefix)
    {
        var parent = BenchArgs.Value(args, "--dir") ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath());
        var path = System.IO.Path.Combine(parent, $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return new ScratchFolder(path);
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="bytes"/> pseudo-random bytes to a new file and returns its SHA-256 (lowercase hex).</summary>
    public string Generate(string name, long bytes, int seed = 1)
    {
        var random = new Random(seed);
        var buffer = new byte[Math.Min(bytes, 1 << 20)];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = new FileStream(Combine(name), FileMode.Create, FileAccess.Write, FileShare.None, 0);
        for (long left = bytes; left > 0;)
        {
            var n = (int)Math.Min(buffer.Length, left);
            random.NextBytes(buffer.AsSpan(0, n));
            file.Write(buffer, 0, n);
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Something still holds a file; the folder is left for the OS (tmpfs is cleared at reboot).
        }
    }
}
