using System.Security.Cryptography;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class UploadSpec : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public UploadSpec() => _store = _temp.CreateStore();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_staged_upload_is_invisible_until_committed()
    {
        using var upload = Stage(_store, "/new.txt", "payload");
        Assert.Equal(7, upload.BytesWritten);
        Assert.StartsWith(_temp.HostPath(".actorfs/staging/"), upload.StagingPath, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.HostPath("new.txt")));
        Assert.Empty(_store.List(VirtualPath.Root, PageRequest.All).Entries);

        var entry = _store.CommitUpload(upload, overwrite: false);

        Assert.Equal("payload", File.ReadAllText(_temp.HostPath("new.txt")));
        Assert.Equal(7, entry.Size);
        Assert.Equal(FileKind.File, entry.Kind);
        Assert.False(File.Exists(upload.StagingPath));
        Assert.Empty(_store.ListStaged());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Committing_without_overwrite_refuses_an_existing_name_and_keeps_it_untouched(bool useRenameat2)
    {
        var store = _temp.CreateStore(new LocalFileStoreOptions { UseRenameat2 = useRenameat2 });
        _temp.WriteFile("taken.txt", "original");
        using var upload = Stage(store, "/taken.txt", "intruder");

        var error = Assert.Throws<StorageException>(() => store.CommitUpload(upload, overwrite: false));

        Assert.Equal(StorageErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("original", File.ReadAllText(_temp.HostPath("taken.txt")));
        Assert.Equal("intruder", File.ReadAllText(upload.StagingPath)); // kept staged: the caller discards or retries
        store.DiscardUpload(upload);
        Assert.False(File.Exists(upload.StagingPath));
        Assert.Empty(store.ListStaged());
    }

    [Fact]
    public void Committing_with_overwrite_replaces_the_existing_file_in_one_step()
    {
        _temp.WriteFile("doc.txt", "old");
        using var reader = File.OpenRead(_temp.HostPath("doc.txt"));
        using var upload = Stage(_store, "/doc.txt", "brand new");

        _store.CommitUpload(upload, overwrite: true);

        Assert.Equal("brand new", File.ReadAllText(_temp.HostPath("doc.txt")));
        Assert.Equal("old", new StreamReader(reader).ReadToEnd()); // a reader of the old file is unaffected: it was replaced, not rewritten
    }

    [Fact]
    public void Committing_with_overwrite_never_replaces_a_directory()
    {
        Directory.CreateDirectory(_temp.HostPath("dir"));
        using var upload = Stage(_store, "/dir", "x");
        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => _store.CommitUpload(upload, overwrite: true)).Kind);
        Assert.True(Directory.Exists(_temp.HostPath("dir")));
    }

    [Fact]
    public void Discarding_deletes_the_staged_bytes_and_leaves_no_trace()
    {
        var upload = Stage(_store, "/gone.txt", "partial");
        _store.DiscardUpload(upload);
        _store.DiscardUpload(upload);
        Assert.False(File.Exists(upload.StagingPath));
        Assert.False(File.Exists(_temp.HostPath("gone.txt")));
        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public void Beginning_an_upload_needs_an_existing_parent_directory_and_enough_space()
    {
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/no/such.txt")))).Kind);
        var tooBig = new UploadIntent(VirtualPath.Parse("/huge.bin"), DeclaredSize: _store.FreeSpace() + (1L << 40));
        Assert.Equal(StorageErrorKind.InsufficientStorage, Assert.Throws<StorageException>(() => _store.BeginUpload(tooBig)).Kind);
        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public void Staged_uploads_are_listed_with_their_intent_and_swept_at_start()
    {
        var sha = new string('A', 64);
        var intent = new UploadIntent(VirtualPath.Parse("/big.iso"), Owner: "alice", DeclaredSize: 10, DeclaredSha256: sha);
        Stage(_store, intent, "12345").Dispose(); // as if the node crashed mid-upload
        Stage(_store, "/other.txt", "x").Dispose();
        File.WriteAllText(_temp.HostPath(".actorfs/staging/garbage.tmp"), "stray");

        var restarted = _temp.CreateStore();
        var staged = restarted.ListStaged();
        var alice = Assert.Single(staged, s => s.Intent?.Owner == "alice");
        Assert.Equal(intent with { DeclaredSha256 = sha.ToLowerInvariant() }, alice.Intent);
        Assert.Equal(5, alice.Length);

        Assert.Equal(2, restarted.SweepStaging());

        Assert.Empty(restarted.ListStaged());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.HostPath(".actorfs/staging")));
        Assert.Empty(restarted.List(VirtualPath.Root, PageRequest.All).Entries);
    }

    [Fact]
    public void A_retention_policy_can_keep_staged_uploads_for_resume()
    {
        Stage(_store, new UploadIntent(VirtualPath.Parse("/keep.bin"), Owner: "bob"), "kept").Dispose();
        Stage(_store, new UploadIntent(VirtualPath.Parse("/drop.bin"), Owner: "eve"), "dropped").Dispose();
        File.WriteAllText(Directory.EnumerateFiles(_temp.HostPath(".actorfs/staging"), "*.json").First(), "{ not json");

        var swept = _store.SweepStaging(new KeepOwner("bob"));

        var kept = _store.ListStaged();
        Assert.True(swept >= 1);
        Assert.All(kept, s => Assert.Equal("bob", s.Intent?.Owner));
        Assert.DoesNotContain(_store.ListStaged(), s => s.Intent?.Owner == "eve");
    }

    [Fact]
    public void A_digest_given_at_commit_is_served_without_hashing()
    {
        var bytes = "hashed while streaming"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var upload = _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/s.txt")));
        upload.Content.Write(bytes);

        var entry = _store.CommitUpload(upload, overwrite: false, sha256: sha.ToUpperInvariant());

        Assert.Equal(sha, entry.Sha256);
        Assert.Equal(sha, _store.Stat(VirtualPath.Parse("/s.txt")).Sha256);
    }

    [Fact]
    public async Task Of_many_uploads_racing_for_one_name_exactly_one_is_committed()
    {
        var uploads = Enumerable.Range(0, 8).Select(i => Stage(_store, "/race.txt", $"writer {i}")).ToArray();

        var outcomes = await Task.WhenAll(uploads.Select(u => Task.Run(() =>
        {
            try
            {
                _store.CommitUpload(u, overwrite: false);
                return true;
            }
            catch (StorageException e) when (e.Kind == StorageErrorKind.AlreadyExists)
            {
                _store.DiscardUpload(u);
                return false;
            }
        })));

        var winner = Assert.Single(uploads.Where((_, i) => outcomes[i]));
        Assert.Equal($"writer {Array.IndexOf(uploads, winner)}", File.ReadAllText(_temp.HostPath("race.txt")));
        Assert.Empty(_store.ListStaged());
        Array.ForEach(uploads, u => u.Dispose());
    }

    [Fact]
    public void The_kernels_no_replace_rename_refuses_an_existing_target_or_reports_it_unsupported()
    {
        _temp.WriteFile("src", "s");
        _temp.WriteFile("dst", "d");
        var result = LibC.RenameNoReplaceAt2(_temp.HostPath("src"), _temp.HostPath("dst"));
        var errno = LibC.LastError;
        Assert.Equal(-1, result);
        Assert.Contains(errno, new[] { StorageErrors.EEXIST, StorageErrors.EINVAL, StorageErrors.ENOSYS });
        Assert.Equal("d", File.ReadAllText(_temp.HostPath("dst")));
    }

    private static IStagedUpload Stage(LocalFileStore store, string target, string content) =>
        Stage(store, new UploadIntent(VirtualPath.Parse(target)), content);

    private static IStagedUpload Stage(LocalFileStore store, UploadIntent intent, string content)
    {
        var upload = store.BeginUpload(intent);
        upload.Content.Write(System.Text.Encoding.UTF8.GetBytes(content));
        return upload;
    }

    private sealed class KeepOwner(string owner) : IStagingRetention
    {
        public bool Keep(StagedUploadInfo upload) => upload.Intent?.Owner == owner;
    }
}
