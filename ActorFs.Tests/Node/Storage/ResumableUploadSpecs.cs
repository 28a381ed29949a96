using System.Security.Cryptography;
using System.Text;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

/// <summary>The store's side of resumable uploads: what is kept, under which key, for whom, and what sweeps remove.</summary>
public sealed class ResumableUploadSpecs : IDisposable
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("0123456789abcdefghij");
    private static readonly string ContentSha = Convert.ToHexStringLower(SHA256.HashData(Content));

    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public ResumableUploadSpecs() => _store = _temp.CreateStore();

    public void Dispose() => _temp.Dispose();

    private static UploadIntent Intent(string path = "/big.bin", string? owner = null, long? size = null, string? sha = null) =>
        new(VirtualPath.Parse(path), owner, size ?? Content.Length, sha ?? ContentSha);

    /// <summary>Begins <paramref name="intent"/>, writes <paramref name="count"/> bytes of <see cref="Content"/>, and keeps it as an interrupted transfer would.</summary>
    private bool Interrupt(UploadIntent intent, int count, LocalFileStore? store = null)
    {
        store ??= _store;
        var upload = store.BeginUpload(intent);
        upload.Content.Write(Content, 0, count);
        return store.KeepUpload(upload);
    }

    [Fact]
    public void An_interrupted_upload_that_declared_its_size_and_sha256_is_kept_and_found_by_its_key()
    {
        Assert.True(Interrupt(Intent(), 7));

        var kept = _store.FindKeptUpload(Intent(sha: ContentSha.ToUpperInvariant()));

        Assert.NotNull(kept);
        Assert.Equal(7, kept.Length);
        Assert.False(kept.InUse);
        Assert.Equal(7, Assert.Single(_store.ListStaged()).Length);
        Assert.False(File.Exists(_temp.HostPath("big.bin")));
    }

    [Theory]
    [InlineData("/other.bin", null, 20, false)]
    [InlineData("/big.bin", "alice", 20, false)]
    [InlineData("/big.bin", null, 21, false)]
    [InlineData("/big.bin", null, 20, true)]
    public void A_kept_upload_is_found_only_by_the_same_owner_target_size_and_sha256(string path, string? owner, long size, bool otherSha)
    {
        Assert.True(Interrupt(Intent(), 7));

        var lookup = Intent(path, owner, size, otherSha ? new string('0', 64) : ContentSha);

        Assert.Null(_store.FindKeptUpload(lookup));
        Assert.Null(_store.ResumeUpload(lookup));
    }

    [Fact]
    public void Owners_do_not_see_each_others_kept_uploads_and_anonymous_is_an_owner_of_its_own()
    {
        Assert.True(Interrupt(Intent(owner: "alice"), 5));
        Assert.True(Interrupt(Intent(owner: null), 9));

        Assert.Equal(5, _store.FindKeptUpload(Intent(owner: "alice"))!.Length);
        Assert.Equal(9, _store.FindKeptUpload(Intent(owner: null))!.Length);
        Assert.Null(_store.FindKeptUpload(Intent(owner: "bob")));
    }

    [Fact]
    public void Uploads_without_a_declared_sha256_or_size_or_without_any_bytes_are_discarded_instead_of_kept()
    {
        Assert.False(Interrupt(new UploadIntent(VirtualPath.Parse("/a.bin"), DeclaredSize: 20), 7));
        Assert.False(Interrupt(new UploadIntent(VirtualPath.Parse("/b.bin"), DeclaredSha256: ContentSha), 7));
        Assert.False(Interrupt(Intent("/c.bin"), 0));

        Assert.Empty(_store.ListStaged());
        Assert.Empty(_store.KeptBytesByOwner());
    }

    [Fact]
    public async Task A_resumed_upload_appends_after_the_kept_bytes_and_its_digest_covers_the_whole_file()
    {
        Assert.True(Interrupt(Intent(), 7));

        using var resumed = _store.ResumeUpload(Intent());
        Assert.NotNull(resumed);
        Assert.Equal(7, resumed.KeptBytes);
        Assert.Equal(7, resumed.BytesWritten);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var progress = new List<long>();
        await resumed.HashKeptBytesAsync(hash, progress.Add, CancellationToken.None);
        resumed.Content.Write(Content, 7, Content.Length - 7);
        hash.AppendData(Content, 7, Content.Length - 7);

        Assert.Equal(ContentSha, Convert.ToHexStringLower(hash.GetHashAndReset()));
        Assert.Equal(7, progress[^1]);
        _store.CommitUpload(resumed, overwrite: false, ContentSha);
        Assert.Equal(Content, await File.ReadAllBytesAsync(_temp.HostPath("big.bin")));
        Assert.Empty(_store.ListStaged());
        Assert.Null(_store.FindKeptUpload(Intent()));
    }

    [Fact]
    public void A_kept_upload_serves_one_transfer_at_a_time()
    {
        Assert.True(Interrupt(Intent(), 7));

        using var first = _store.ResumeUpload(Intent());

        Assert.NotNull(first);
        Assert.True(_store.FindKeptUpload(Intent())!.InUse);
        Assert.Null(_store.ResumeUpload(Intent()));
        Assert.Empty(_store.KeptBytesByOwner()); // bytes a transfer holds are in flight, not kept

        first.Content.Write(Content, 7, 3);
        Assert.True(_store.KeepUpload(first));
        var again = _store.FindKeptUpload(Intent())!;
        Assert.False(again.InUse);
        Assert.Equal(10, again.Length);
    }

    [Fact]
    public void A_fresh_upload_of_the_same_key_replaces_the_kept_one()
    {
        Assert.True(Interrupt(Intent(), 7));
        var keptId = Assert.Single(_store.ListStaged()).Id;

        using var fresh = _store.BeginUpload(Intent());

        Assert.DoesNotContain(_store.ListStaged(), s => s.Id == keptId);
        Assert.True(_store.FindKeptUpload(Intent())!.InUse);
        Assert.Null(_store.ResumeUpload(Intent()));
    }

    [Fact]
    public void A_second_fresh_upload_while_another_holds_the_key_is_not_resumable_and_is_discarded_when_interrupted()
    {
        using var holder = _store.BeginUpload(Intent());
        var second = _store.BeginUpload(Intent());
        second.Content.Write(Content, 0, 5);

        Assert.False(_store.KeepUpload(second));

        Assert.Equal(holder.Id, Assert.Single(_store.ListStaged()).Id);
    }

    [Fact]
    public void Discarding_a_resumed_upload_deletes_the_kept_bytes_for_good()
    {
        Assert.True(Interrupt(Intent(), 7));
        var resumed = _store.ResumeUpload(Intent())!;

        _store.DiscardUpload(resumed);

        Assert.Empty(_store.ListStaged());
        Assert.Null(_store.FindKeptUpload(Intent()));
    }

    [Fact]
    public void Sweeping_kept_uploads_deletes_those_last_written_before_the_cutoff_and_never_one_a_transfer_holds()
    {
        Assert.True(Interrupt(Intent("/old.bin"), 3));
        Assert.True(Interrupt(Intent("/new.bin"), 4));
        Assert.True(Interrupt(Intent("/held.bin"), 5));
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(StagedPart("/old.bin"), now.AddHours(-30));
        File.SetLastWriteTimeUtc(StagedPart("/held.bin"), now.AddHours(-30));
        var store = _temp.CreateStore(); // a restart, so the index reads those times back from the parts
        store.SweepStaging(new KeepResumableUploads(TimeSpan.FromDays(365), now));
        using var held = store.ResumeUpload(Intent("/held.bin"));
        Assert.NotNull(held);

        var swept = store.SweepKeptUploads(now.AddHours(-24));

        Assert.Equal(1, swept);
        Assert.Null(store.FindKeptUpload(Intent("/old.bin")));
        Assert.NotNull(store.FindKeptUpload(Intent("/new.bin")));
        Assert.True(store.FindKeptUpload(Intent("/held.bin"))!.InUse);
        Assert.Equal(["/held.bin", "/new.bin"], store.ListStaged().Select(s => s.Intent!.Target.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kept_bytes_are_counted_per_owner_with_anonymous_uploads_under_the_empty_name()
    {
        Assert.True(Interrupt(Intent("/a.bin", "alice"), 3));
        Assert.True(Interrupt(Intent("/b.bin", "alice"), 4));
        Assert.True(Interrupt(Intent("/c.bin", "bob"), 5));
        Assert.True(Interrupt(Intent("/d.bin"), 6));

        var totals = _store.KeptBytesByOwner();

        Assert.Equal(7, totals["alice"]);
        Assert.Equal(5, totals["bob"]);
        Assert.Equal(6, totals[ResumableUploads.AnonymousOwner]);
        Assert.Equal(3, totals.Count);
    }

    [Fact]
    public void The_start_up_sweep_keeps_unexpired_resumable_uploads_and_a_restarted_store_resumes_them()
    {
        Assert.True(Interrupt(Intent("/fresh.bin"), 7));
        Assert.True(Interrupt(Intent("/stale.bin"), 7));
        File.SetLastWriteTimeUtc(StagedPart("/stale.bin"), DateTime.UtcNow.AddDays(-2));
        Interrupt(new UploadIntent(VirtualPath.Parse("/unverifiable.bin"), DeclaredSize: 20), 7); // discarded at once
        using (var crashed = _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/crashed.bin"))))
        {
            crashed.Content.Write(Content, 0, 4); // no digest declared: swept at start
        }

        var restarted = _temp.CreateStore();
        var swept = restarted.SweepStaging(new KeepResumableUploads(TimeSpan.FromHours(24), DateTime.UtcNow));

        Assert.Equal(2, swept);
        Assert.Equal("/fresh.bin", Assert.Single(restarted.ListStaged()).Intent!.Target.Value);
        using var resumed = restarted.ResumeUpload(Intent("/fresh.bin"));
        Assert.Equal(7, resumed?.KeptBytes);
    }

    [Fact]
    public void The_start_up_sweep_keeps_nothing_when_keeping_is_disabled()
    {
        Assert.True(Interrupt(Intent(), 7));

        var restarted = _temp.CreateStore();

        Assert.Equal(1, restarted.SweepStaging(new KeepResumableUploads(TimeSpan.Zero, DateTime.UtcNow)));
        Assert.Empty(restarted.ListStaged());
    }

    [Fact]
    public void Of_two_staged_uploads_with_one_key_found_at_start_the_longer_is_kept()
    {
        using (var one = _store.BeginUpload(Intent()))
        using (var two = _store.BeginUpload(Intent()))
        {
            one.Content.Write(Content, 0, 4);
            two.Content.Write(Content, 0, 9); // as if two identical uploads were cut by a crash
        }

        var restarted = _temp.CreateStore();

        Assert.Equal(1, restarted.SweepStaging(new KeepResumableUploads(TimeSpan.FromHours(1), DateTime.UtcNow)));
        Assert.Equal(9, restarted.FindKeptUpload(Intent())!.Length);
    }

    [Fact]
    public void Staged_bytes_beyond_the_declared_size_are_not_kept()
    {
        var upload = _store.BeginUpload(Intent(size: 4));
        upload.Content.Write(Content, 0, 5);

        Assert.False(_store.KeepUpload(upload));
        Assert.Empty(_store.ListStaged());
    }

    private string StagedPart(string target) =>
        Path.Join(_temp.HostPath(".actorfs/staging"), _store.ListStaged().Single(s => s.Intent!.Target.Value == target).Id + ".part");
}
