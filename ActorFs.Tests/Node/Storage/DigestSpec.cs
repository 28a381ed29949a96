using System.Security.Cryptography;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class DigestSpec : IDisposable
{
    private static readonly VirtualPath FilePath = VirtualPath.Parse("/f.bin");
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public DigestSpec()
    {
        _temp.WriteFile("f.bin", "first");
        _store = _temp.CreateStore();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_digest_is_the_sha256_of_the_whole_file_and_is_shown_once_known()
    {
        Assert.Null(_store.Stat(FilePath).Sha256);
        var sha = await _store.GetSha256Async(FilePath);
        Assert.Equal(Sha("first"), sha);
        Assert.Equal(sha, _store.Stat(FilePath).Sha256);
        Assert.Equal(sha, Assert.Single(_store.List(VirtualPath.Root, PageRequest.All).Entries).Sha256);
    }

    [Fact]
    public async Task A_repeat_with_the_same_size_and_time_does_not_rehash()
    {
        await _store.GetSha256Async(FilePath);
        RewriteKeepingTime("FIRST"); // same size, same time: only a cache hit can still answer the old digest

        Assert.Equal(Sha("first"), await _store.GetSha256Async(FilePath));
    }

    [Fact]
    public async Task A_touched_modification_time_makes_the_cache_miss()
    {
        await _store.GetSha256Async(FilePath);
        RewriteKeepingTime("FIRST");
        File.SetLastWriteTimeUtc(_temp.HostPath("f.bin"), File.GetLastWriteTimeUtc(_temp.HostPath("f.bin")).AddSeconds(1));

        Assert.Equal(Sha("FIRST"), await _store.GetSha256Async(FilePath));
    }

    [Fact]
    public async Task Deleting_or_moving_a_file_forgets_its_digest()
    {
        await _store.GetSha256Async(FilePath);
        var time = File.GetLastWriteTimeUtc(_temp.HostPath("f.bin"));
        _store.Move(FilePath, VirtualPath.Parse("/g.bin"), overwrite: false);
        _temp.WriteFile("f.bin", "FIRST");
        File.SetLastWriteTimeUtc(_temp.HostPath("f.bin"), time);

        Assert.Equal(Sha("FIRST"), await _store.GetSha256Async(FilePath));
        Assert.Null(_store.Stat(VirtualPath.Parse("/g.bin")).Sha256);
    }

    [Fact]
    public async Task A_digest_recorded_elsewhere_is_used_while_size_and_time_match()
    {
        var stat = _store.Stat(FilePath);
        var recorded = new string('b', 64);
        _store.RecordDigest(FilePath, stat.Size, stat.LastWriteTimeUtc, recorded);
        Assert.Equal(recorded, await _store.GetSha256Async(FilePath));

        _store.RecordDigest(FilePath, stat.Size + 1, stat.LastWriteTimeUtc, recorded);
        Assert.Equal(Sha("first"), await _store.GetSha256Async(FilePath));
        Assert.Throws<ArgumentException>(() => _store.RecordDigest(FilePath, 1, stat.LastWriteTimeUtc, "not-hex"));
    }

    [Fact]
    public async Task A_large_file_is_hashed_across_several_buffers()
    {
        var bytes = new byte[(3 << 20) + 17];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(_temp.HostPath("big.bin"), bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), await _store.GetSha256Async(VirtualPath.Parse("/big.bin")));
    }

    [Fact]
    public void The_cache_stays_within_its_capacity_and_is_safe_to_share()
    {
        var cache = new DigestCache(capacity: 8);
        Parallel.For(0, 1000, i => cache.Record(VirtualPath.Parse($"/f{i}"), i, DateTime.UnixEpoch, "x"));
        cache.Record(VirtualPath.Parse("/last"), 1, DateTime.UnixEpoch, "y");
        Assert.InRange(cache.Count, 1, 8);
        Assert.Equal("y", cache.Get(VirtualPath.Parse("/last"), 1, DateTime.UnixEpoch));

        cache.Record(VirtualPath.Parse("/d/a"), 1, DateTime.UnixEpoch, "a");
        cache.Invalidate(VirtualPath.Parse("/d"));
        Assert.Null(cache.Get(VirtualPath.Parse("/d/a"), 1, DateTime.UnixEpoch));
    }

    private void RewriteKeepingTime(string content)
    {
        var host = _temp.HostPath("f.bin");
        var time = File.GetLastWriteTimeUtc(host);
        File.WriteAllText(host, content);
        File.SetLastWriteTimeUtc(host, time);
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
