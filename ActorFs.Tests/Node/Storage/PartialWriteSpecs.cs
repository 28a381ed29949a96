using System.Security.Cryptography;
using System.Text;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class PartialWriteSpecs : IDisposable
{
    private static readonly DateTime Old = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public PartialWriteSpecs() => _store = _temp.CreateStore();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_append_adds_the_staged_bytes_to_the_end_of_the_same_file()
    {
        _temp.WriteFile("log.txt", "hello");
        Assert.Equal(0, LibC.Identity(_temp.HostPath("log.txt"), out var before));
        using var reader = new FileStream(_temp.HostPath("log.txt"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var upload = PartialWrites.Stage(_store, " world");

        var entry = _store.CommitAppend(upload, VirtualPath.Parse("/log.txt"));

        Assert.Equal("hello world", File.ReadAllText(_temp.HostPath("log.txt")));
        Assert.Equal("hello world", new StreamReader(reader).ReadToEnd()); // changed in place: a reader opened before sees it
        Assert.Equal(0, LibC.Identity(_temp.HostPath("log.txt"), out var after));
        Assert.Equal(before, after);
        Assert.Equal(11, entry.Size);
        Assert.Equal(FileKind.File, entry.Kind);
        Assert.Equal("/log.txt", entry.Path.Value);
        Assert.False(File.Exists(upload.StagingPath));
        Assert.Empty(_store.ListStaged());
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Theory]
    [InlineData(3, "abc", "012abc6789")]
    [InlineData(0, "ABCDEFGHIJ", "ABCDEFGHIJ")]
    [InlineData(7, "abcdef", "0123456abcdef")]
    [InlineData(10, "abc", "0123456789abc")]
    [InlineData(9, "Z", "012345678Z")]
    public void Writing_at_an_offset_overwrites_that_range_and_grows_the_file_when_it_runs_past_the_end(long offset, string staged, string expected)
    {
        _temp.WriteFile("digits.txt", "0123456789");
        File.SetLastWriteTimeUtc(_temp.HostPath("digits.txt"), Old);

        var entry = _store.CommitWriteAt(PartialWrites.Stage(_store, staged), VirtualPath.Parse("/digits.txt"), offset);

        Assert.Equal(expected, File.ReadAllText(_temp.HostPath("digits.txt")));
        Assert.Equal(expected.Length, entry.Size);
        Assert.True(entry.LastWriteTimeUtc > Old);
        Assert.Equal(File.GetLastWriteTimeUtc(_temp.HostPath("digits.txt")), entry.LastWriteTimeUtc);
        Assert.Empty(_store.ListStaged());
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(1000)]
    [InlineData(-1)]
    public void An_offset_past_the_end_or_negative_is_a_bad_request_and_changes_nothing(long offset)
    {
        _temp.WriteFile("digits.txt", "0123456789");
        var upload = PartialWrites.Stage(_store, "abc");

        var error = Assert.Throws<StorageException>(() => _store.CommitWriteAt(upload, VirtualPath.Parse("/digits.txt"), offset));

        Assert.Equal(StorageErrorKind.InvalidPath, error.Kind);
        Assert.Contains("/digits.txt", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_temp.Root, error.Message, StringComparison.Ordinal);
        Assert.Equal("0123456789", File.ReadAllText(_temp.HostPath("digits.txt")));
        Assert.Equal("abc", File.ReadAllText(upload.StagingPath)); // kept staged for the caller to discard
        Assert.Empty(PartialWrites.JournalFiles(_temp));
        _store.DiscardUpload(upload);
    }

    [Fact]
    public void An_empty_staged_upload_changes_nothing_not_even_the_modification_time()
    {
        _temp.WriteFile("same.txt", "unchanged");
        File.SetLastWriteTimeUtc(_temp.HostPath("same.txt"), Old);

        var appended = _store.CommitAppend(PartialWrites.Stage(_store, string.Empty), VirtualPath.Parse("/same.txt"));
        var written = _store.CommitWriteAt(PartialWrites.Stage(_store, string.Empty), VirtualPath.Parse("/same.txt"), 4);
        var atEnd = _store.CommitWriteAt(PartialWrites.Stage(_store, string.Empty), VirtualPath.Parse("/same.txt"), 9);

        Assert.Equal("unchanged", File.ReadAllText(_temp.HostPath("same.txt")));
        Assert.Equal(Old, File.GetLastWriteTimeUtc(_temp.HostPath("same.txt")));
        Assert.All([appended, written, atEnd], e => Assert.Equal(9, e.Size));
        Assert.Empty(_store.ListStaged());
        var pastEnd = PartialWrites.Stage(_store, string.Empty);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => _store.CommitWriteAt(pastEnd, VirtualPath.Parse("/same.txt"), 10)).Kind);
    }

    [Theory]
    [InlineData("/missing.txt", nameof(StorageErrorKind.NotFound))]
    [InlineData("/no/such/file.txt", nameof(StorageErrorKind.NotFound))]
    [InlineData("/dir", nameof(StorageErrorKind.NotAFile))]
    [InlineData("/", nameof(StorageErrorKind.NotAFile))]
    [InlineData("/out.txt", nameof(StorageErrorKind.OutsideRoot))]
    [InlineData("/sibling.txt", nameof(StorageErrorKind.OutsideRoot))]
    [InlineData("/via-outside/secret.txt", nameof(StorageErrorKind.OutsideRoot))]
    [InlineData("/.actorfs/staging/x.part", nameof(StorageErrorKind.NotFound))]
    [InlineData("/into-internal", nameof(StorageErrorKind.OutsideRoot))]
    [InlineData("/file.txt/below", nameof(StorageErrorKind.NotADirectory))]
    public void A_target_that_is_not_an_existing_regular_file_inside_the_root_is_refused_and_nothing_changes(string target, string kind)
    {
        var expected = Enum.Parse<StorageErrorKind>(kind);
        Directory.CreateDirectory(_temp.HostPath("dir"));
        _temp.WriteFile("file.txt", "mine");
        File.CreateSymbolicLink(_temp.HostPath("out.txt"), Path.Join(_temp.Outside, "secret.txt"));
        File.CreateSymbolicLink(_temp.HostPath("sibling.txt"), Path.Join(_temp.Sibling, "secret.txt"));
        Directory.CreateSymbolicLink(_temp.HostPath("via-outside"), _temp.Outside);
        var upload = PartialWrites.Stage(_store, "intruder");
        Directory.CreateSymbolicLink(_temp.HostPath("into-internal"), _temp.HostPath(".actorfs/staging"));

        var path = VirtualPath.Parse(target);
        Assert.Equal(expected, Assert.Throws<StorageException>(() => _store.CommitAppend(upload, path)).Kind);
        Assert.Equal(expected, Assert.Throws<StorageException>(() => _store.CommitWriteAt(upload, path, 0)).Kind);

        Assert.Equal("outside secret", File.ReadAllText(Path.Join(_temp.Outside, "secret.txt")));
        Assert.Equal("sibling secret", File.ReadAllText(Path.Join(_temp.Sibling, "secret.txt")));
        Assert.Equal("mine", File.ReadAllText(_temp.HostPath("file.txt")));
        Assert.Equal("intruder", File.ReadAllText(upload.StagingPath));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Fact]
    public void A_link_that_stays_inside_the_root_is_followed_to_its_file()
    {
        _temp.WriteFile("real/data.txt", "abc");
        File.CreateSymbolicLink(_temp.HostPath("alias.txt"), _temp.HostPath("real/data.txt"));

        _store.CommitAppend(PartialWrites.Stage(_store, "def"), VirtualPath.Parse("/alias.txt"));

        Assert.Equal("abcdef", File.ReadAllText(_temp.HostPath("real/data.txt")));
        Assert.NotNull(new FileInfo(_temp.HostPath("alias.txt")).LinkTarget);
    }

    [Fact]
    public async Task The_files_cached_digest_is_forgotten_and_the_next_one_is_of_the_new_bytes()
    {
        _temp.WriteFile("h.txt", "first");
        var path = VirtualPath.Parse("/h.txt");
        Assert.Equal(PartialWrites.Sha("first"), await _store.GetSha256Async(path));
        Assert.NotNull(_store.Stat(path).Sha256);

        _store.CommitWriteAt(PartialWrites.Stage(_store, "F"), path, 0);

        Assert.Null(_store.Stat(path).Sha256);
        Assert.Equal(PartialWrites.Sha("First"), await _store.GetSha256Async(path));
    }

    [Fact]
    public void An_upload_begun_by_another_store_is_refused()
    {
        _temp.WriteFile("a.txt", "a");
        var other = _temp.CreateStore();
        var upload = PartialWrites.Stage(other, "b");
        Assert.Throws<ArgumentException>(() => _store.CommitAppend(upload, VirtualPath.Parse("/a.txt")));
        other.DiscardUpload(upload);
    }

    [Fact]
    public async Task Concurrent_partial_writes_to_one_file_never_interleave()
    {
        const int writers = 4;
        const int appendsEach = 20;
        _temp.WriteFile("shared.log", string.Empty);
        File.CreateSymbolicLink(_temp.HostPath("other-name.log"), _temp.HostPath("shared.log"));
        var store = new LocalFileStore(_temp.Root) { PartialWriteChunkSize = 3 }; // many small copies per write, so interleaving would show
        using var start = new Barrier(writers);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            for (var i = 0; i < appendsEach; i++)
            {
                // Half the writers use the link: the lock follows the file, not the name.
                store.CommitAppend(PartialWrites.Stage(store, Line(w, i)), VirtualPath.Parse(w % 2 == 0 ? "/shared.log" : "/other-name.log"));
            }
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        var text = File.ReadAllText(_temp.HostPath("shared.log"));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(writers * appendsEach, lines.Length);
        Assert.Equal(
            Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, appendsEach).Select(i => Line(w, i).TrimEnd('\n'))).Order(StringComparer.Ordinal),
            lines.Order(StringComparer.Ordinal));
        for (var w = 0; w < writers; w++)
        {
            var own = lines.Where(l => l.StartsWith($"writer {w} ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, appendsEach).Select(i => Line(w, i).TrimEnd('\n')), own); // each writer's appends in its order
        }

        Assert.Empty(PartialWrites.JournalFiles(_temp));

        static string Line(int writer, int index) => $"writer {writer} append {index:D2} {new string((char)('a' + writer), 10)}\n";
    }

    [Fact]
    public void A_failure_mid_copy_puts_the_old_bytes_back_at_once_with_a_new_time_and_keeps_the_upload_staged()
    {
        _temp.WriteFile("f.txt", "0123456789");
        File.SetLastWriteTimeUtc(_temp.HostPath("f.txt"), Old);
        var faults = new ScriptedFaults((step, applied) => step == PartialWriteStep.Applying && applied >= 4 ? new IOException("injected: disk failed") : null);
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = faults, PartialWriteChunkSize = 2 };
        var upload = PartialWrites.Stage(store, "abcdefghij");

        var error = Assert.Throws<StorageException>(() => store.CommitWriteAt(upload, VirtualPath.Parse("/f.txt"), 5));

        Assert.Equal(StorageErrorKind.IoError, error.Kind);
        Assert.Equal("0123456789", File.ReadAllText(_temp.HostPath("f.txt")));
        Assert.NotEqual(Old, File.GetLastWriteTimeUtc(_temp.HostPath("f.txt"))); // readers may have seen the torn bytes: the old time must not vouch for them
        Assert.Equal("abcdefghij", File.ReadAllText(upload.StagingPath));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
        Assert.Equal(0, _temp.CreateStore().RecoverPartialWrites());
        Assert.Equal("0123456789", File.ReadAllText(_temp.HostPath("f.txt")));
    }

    [Fact]
    public void An_undo_that_fails_keeps_its_record_and_is_retried_before_the_next_write_to_that_file()
    {
        _temp.WriteFile("f.txt", "old");
        var failUndo = true;
        var faults = new ScriptedFaults((step, _) => step switch
        {
            PartialWriteStep.Applying when failUndo => new IOException("injected: write failed"),
            PartialWriteStep.RolledBack when failUndo => new IOException("injected: undo failed"),
            _ => null,
        });
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = faults };
        var first = PartialWrites.Stage(store, "-lost");

        Assert.Throws<StorageException>(() => store.CommitAppend(first, VirtualPath.Parse("/f.txt")));
        Assert.Single(PartialWrites.JournalFiles(_temp), f => f.EndsWith(".journal", StringComparison.Ordinal));

        failUndo = false;
        store.DiscardUpload(first);
        store.CommitAppend(PartialWrites.Stage(store, "-kept"), VirtualPath.Parse("/f.txt"));

        Assert.Equal("old-kept", File.ReadAllText(_temp.HostPath("f.txt")));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
        Assert.Equal(0, _temp.CreateStore().RecoverPartialWrites()); // the stale record can no longer undo the later write
        Assert.Equal("old-kept", File.ReadAllText(_temp.HostPath("f.txt")));
    }

    [Fact]
    public void The_journal_is_hidden_and_unaddressable_like_the_rest_of_the_internal_folder()
    {
        _temp.WriteFile("f.txt", "x");
        _store.CommitAppend(PartialWrites.Stage(_store, "y"), VirtualPath.Parse("/f.txt"));

        Assert.True(Directory.Exists(_temp.HostPath(".actorfs/journal")));
        Assert.DoesNotContain(_store.List(VirtualPath.Root, PageRequest.All).Entries, e => e.Path.Value.StartsWith("/.actorfs", StringComparison.Ordinal));
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.Stat(VirtualPath.Parse("/.actorfs/journal"))).Kind);
    }
}

/// <summary>Helpers shared by the partial-write specs.</summary>
internal static class PartialWrites
{
    public static IStagedUpload Stage(LocalFileStore store, string content) => Stage(store, Encoding.UTF8.GetBytes(content));

    public static IStagedUpload Stage(LocalFileStore store, byte[] content)
    {
        var upload = store.BeginUpload(new UploadIntent(VirtualPath.Parse("/staged-for-partial-write")));
        upload.Content.Write(content);
        return upload;
    }

    public static IReadOnlyList<string> JournalFiles(TempRoot temp)
    {
        var folder = temp.HostPath(".actorfs/journal");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f))] : [];
    }

    public static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A fault hook that throws what <c>fault</c> returns for a step (nothing when it returns null).</summary>
internal sealed class ScriptedFaults(Func<PartialWriteStep, long, Exception?> fault) : IPartialWriteFaults
{
    public void Reached(PartialWriteStep step, long bytesApplied)
    {
        if (fault(step, bytesApplied) is { } e)
        {
            throw e;
        }
    }
}

/// <summary>Crashes the store the <c>occurrence</c>-th time it reaches <c>step</c>, after running <see cref="Before"/>.</summary>
internal sealed class CrashAt(PartialWriteStep step, int occurrence = 1) : IPartialWriteFaults
{
    private int _seen;

    public Action? Before { get; init; }

    public bool Crashed { get; private set; }

    public void Reached(PartialWriteStep reached, long bytesApplied)
    {
        if (reached == step && ++_seen == occurrence)
        {
            Before?.Invoke();
            Crashed = true;
            throw new PartialWriteCrashException();
        }
    }
}
