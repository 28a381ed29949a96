using System.Text;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

/// <summary>
/// A partial write "crashes" (the fault seam stops the store where it stands, as a dead process would) between every
/// two of its steps; a fresh store over the same folder then recovers, and the file must hold exactly its old bytes
/// (and modification time) or exactly the new ones. The seam keeps the page cache, so these specs check the order of
/// the steps, not that each flush reaches the platter.
/// </summary>
public sealed class PartialWriteCrashSpecs : IDisposable
{
    private const int ChunkSize = 4;
    private static readonly DateTime Old = new(2021, 6, 7, 8, 9, 10, DateTimeKind.Utc);

    // name -> (old content, offset or null for append, staged content)
    private static readonly Dictionary<string, (string Old, long? Offset, string Staged)> Scenarios = new()
    {
        ["append"] = ("hello", null, " world, appended"),
        ["append to empty"] = (string.Empty, null, "first bytes"),
        ["write inside"] = ("0123456789abcdef", 3, "XYZW"),
        ["write past the end"] = ("0123456789", 6, "ABCDEFGHIJKL"),
        ["write at the end"] = ("0123456789", 10, "tail bytes"),
        ["write over everything"] = ("0123456789", 0, "abcdefghij"),
    };

    private readonly TempRoot _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, int, bool> CrashPoints()
    {
        var data = new TheoryData<string, string, int, bool>();
        foreach (var (name, scenario) in Scenarios)
        {
            var chunks = (scenario.Staged.Length + ChunkSize - 1) / ChunkSize;
            foreach (var linked in new[] { true, false })
            {
                if (PartialWriteRecord.OverlapOf(scenario.Old.Length, scenario.Offset ?? scenario.Old.Length, scenario.Staged.Length) > 0)
                {
                    data.Add(name, nameof(PartialWriteStep.UndoSaved), 1, linked);
                }

                data.Add(name, nameof(PartialWriteStep.JournalWritten), 1, linked);
                for (var chunk = 1; chunk <= chunks; chunk++)
                {
                    data.Add(name, nameof(PartialWriteStep.Applying), chunk, linked);
                }

                data.Add(name, nameof(PartialWriteStep.Applied), 1, linked);
                data.Add(name, nameof(PartialWriteStep.FileFlushed), 1, linked);
                data.Add(name, nameof(PartialWriteStep.JournalDeleted), 1, linked);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void After_a_crash_at_any_step_recovery_leaves_exactly_the_old_bytes_or_exactly_the_new_ones(string scenario, string stepName, int occurrence, bool linked)
    {
        var step = Enum.Parse<PartialWriteStep>(stepName);
        var (old, offset, staged) = Scenarios[scenario];
        var expectedNew = Apply(old, offset ?? old.Length, staged);
        _temp.WriteFile("target.bin", old);
        File.SetLastWriteTimeUtc(_temp.HostPath("target.bin"), Old);
        var crash = new CrashAt(step, occurrence);
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = crash, PartialWriteChunkSize = ChunkSize, PartialWriteLinks = linked };

        Assert.Throws<PartialWriteCrashException>(() => Commit(store, offset, staged));
        var undone = _temp.CreateStore().RecoverPartialWrites();

        var finished = step == PartialWriteStep.JournalDeleted;
        Assert.Equal(finished ? expectedNew : old, File.ReadAllText(_temp.HostPath("target.bin")));
        if (!finished)
        {
            Assert.Equal(Old, File.GetLastWriteTimeUtc(_temp.HostPath("target.bin")));
        }

        Assert.Equal(step is PartialWriteStep.UndoSaved or PartialWriteStep.JournalDeleted ? 0 : 1, undone);
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_crash_while_recovering_is_recovered_at_the_next_start(bool linked)
    {
        _temp.WriteFile("t.txt", "0123456789");
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = new CrashAt(PartialWriteStep.Applying, 2), PartialWriteChunkSize = 2, PartialWriteLinks = linked };
        Assert.Throws<PartialWriteCrashException>(() => store.CommitWriteAt(PartialWrites.Stage(store, "abcdefgh"), VirtualPath.Parse("/t.txt"), 6));
        Assert.Equal("0123456789"[..6] + "abcd", File.ReadAllText(_temp.HostPath("t.txt"))); // really half-written

        var recovering = new LocalFileStore(_temp.Root) { PartialWriteFaults = new CrashAt(PartialWriteStep.RolledBack) };
        Assert.Throws<PartialWriteCrashException>(() => recovering.RecoverPartialWrites());
        Assert.Equal(1, _temp.CreateStore().RecoverPartialWrites());

        Assert.Equal("0123456789", File.ReadAllText(_temp.HostPath("t.txt")));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Fact]
    public void A_crash_while_undoing_a_failed_write_is_recovered_at_the_next_start()
    {
        _temp.WriteFile("t.txt", "abc");
        var failThenCrash = new ScriptedFaults((step, _) => step switch
        {
            PartialWriteStep.Applied => new IOException("injected: disk failed"),
            PartialWriteStep.RolledBack => new PartialWriteCrashException(),
            _ => null,
        });
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = failThenCrash };

        Assert.Throws<PartialWriteCrashException>(() => store.CommitAppend(PartialWrites.Stage(store, "def"), VirtualPath.Parse("/t.txt")));

        Assert.Equal(1, _temp.CreateStore().RecoverPartialWrites());
        Assert.Equal("abc", File.ReadAllText(_temp.HostPath("t.txt")));
    }

    [Fact]
    public void A_file_moved_away_while_it_was_being_written_is_put_back_where_it_went()
    {
        _temp.WriteFile("before.txt", "0123456789");
        LocalFileStore? store = null;
        var crash = new CrashAt(PartialWriteStep.Applying) { Before = () => store!.Move(VirtualPath.Parse("/before.txt"), VirtualPath.Parse("/after.txt"), overwrite: false) };
        store = new LocalFileStore(_temp.Root) { PartialWriteFaults = crash, PartialWriteChunkSize = 2 };

        Assert.Throws<PartialWriteCrashException>(() => store.CommitWriteAt(PartialWrites.Stage(store, "abcdef"), VirtualPath.Parse("/before.txt"), 2));

        Assert.Equal(1, _temp.CreateStore().RecoverPartialWrites());
        Assert.False(File.Exists(_temp.HostPath("before.txt")));
        Assert.Equal("0123456789", File.ReadAllText(_temp.HostPath("after.txt")));
    }

    [Fact]
    public void A_file_deleted_while_it_was_being_written_stays_deleted()
    {
        _temp.WriteFile("doomed.txt", "0123456789");
        LocalFileStore? store = null;
        var crash = new CrashAt(PartialWriteStep.Applying) { Before = () => store!.DeleteFile(VirtualPath.Parse("/doomed.txt")) };
        store = new LocalFileStore(_temp.Root) { PartialWriteFaults = crash, PartialWriteChunkSize = 2 };

        Assert.Throws<PartialWriteCrashException>(() => store.CommitAppend(PartialWrites.Stage(store, "abcdef"), VirtualPath.Parse("/doomed.txt")));

        _temp.CreateStore().RecoverPartialWrites();
        Assert.False(File.Exists(_temp.HostPath("doomed.txt")));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Fact]
    public void Without_a_link_a_file_replaced_after_the_crash_is_left_alone()
    {
        _temp.WriteFile("t.txt", "0123456789");
        var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = new CrashAt(PartialWriteStep.Applying), PartialWriteChunkSize = 2, PartialWriteLinks = false };
        Assert.Throws<PartialWriteCrashException>(() => store.CommitAppend(PartialWrites.Stage(store, "abcdef"), VirtualPath.Parse("/t.txt")));
        var replacing = _temp.CreateStore();
        var upload = replacing.BeginUpload(new UploadIntent(VirtualPath.Parse("/t.txt")));
        upload.Content.Write("a brand new file"u8);
        replacing.CommitUpload(upload, overwrite: true);

        Assert.Equal(0, _temp.CreateStore().RecoverPartialWrites());

        Assert.Equal("a brand new file", File.ReadAllText(_temp.HostPath("t.txt")));
        Assert.Empty(PartialWrites.JournalFiles(_temp));
    }

    [Theory]
    [InlineData("record")]
    [InlineData("undo")]
    [InlineData("link")]
    public void A_damaged_record_is_set_aside_untouched_and_does_not_stop_the_others(string damage)
    {
        _temp.WriteFile("damaged.txt", "0123456789");
        _temp.WriteFile("fine.txt", "abc");
        var first = new LocalFileStore(_temp.Root) { PartialWriteFaults = new CrashAt(PartialWriteStep.Applied) };
        Assert.Throws<PartialWriteCrashException>(() => first.CommitWriteAt(PartialWrites.Stage(first, "XY"), VirtualPath.Parse("/damaged.txt"), 4));
        var id = Path.GetFileNameWithoutExtension(Assert.Single(PartialWrites.JournalFiles(_temp), f => f.EndsWith(".journal", StringComparison.Ordinal)));
        var second = new LocalFileStore(_temp.Root) { PartialWriteFaults = new CrashAt(PartialWriteStep.Applied) };
        Assert.Throws<PartialWriteCrashException>(() => second.CommitAppend(PartialWrites.Stage(second, "def"), VirtualPath.Parse("/fine.txt")));
        var journal = _temp.HostPath(".actorfs/journal");
        switch (damage)
        {
            case "record":
                File.WriteAllText(Path.Join(journal, id + ".journal"), "{ \"version\": 1, \"id\": ");
                break;
            case "undo":
                File.WriteAllText(Path.Join(journal, id + ".undo"), "xx"); // the right length, the wrong bytes
                break;
            default:
                File.Delete(Path.Join(journal, id + ".target"));
                break;
        }

        File.WriteAllText(Path.Join(journal, "stray.journal-tmp"), "left by a crash");

        Assert.Equal(1, _temp.CreateStore().RecoverPartialWrites());

        Assert.Equal("0123XY6789", File.ReadAllText(_temp.HostPath("damaged.txt"))); // not guessed at
        Assert.Equal("abc", File.ReadAllText(_temp.HostPath("fine.txt")));
        var left = PartialWrites.JournalFiles(_temp);
        Assert.Contains(id + ".damaged", left);
        Assert.All(left, f => Assert.StartsWith(id, f, StringComparison.Ordinal));
        Assert.Equal(0, _temp.CreateStore().RecoverPartialWrites()); // set aside for good
    }

    [Fact]
    public void Seeded_random_writes_crashed_at_random_steps_always_recover_to_old_or_new()
    {
        var random = new Random(20240613);
        for (var trial = 0; trial < 60; trial++)
        {
            var old = RandomBytes(random, random.Next(0, 200));
            var staged = RandomBytes(random, random.Next(1, 150));
            long? offset = random.Next(3) == 0 ? null : random.Next(0, old.Length + 1);
            var chunk = random.Next(1, 64);
            var chunks = (staged.Length + chunk - 1) / chunk;
            var (step, occurrence) = random.Next(6) switch
            {
                0 => (PartialWriteStep.UndoSaved, 1),
                1 => (PartialWriteStep.JournalWritten, 1),
                2 => (PartialWriteStep.Applied, 1),
                3 => (PartialWriteStep.FileFlushed, 1),
                4 => (PartialWriteStep.JournalDeleted, 1),
                _ => (PartialWriteStep.Applying, random.Next(1, chunks + 1)),
            };
            var name = $"trial-{trial}.bin";
            File.WriteAllBytes(_temp.HostPath(name), old);
            var crash = new CrashAt(step, occurrence);
            var store = new LocalFileStore(_temp.Root) { PartialWriteFaults = crash, PartialWriteChunkSize = chunk, PartialWriteLinks = random.Next(2) == 0 };
            var upload = PartialWrites.Stage(store, staged);
            var path = VirtualPath.Parse("/" + name);

            try
            {
                _ = offset is { } at ? store.CommitWriteAt(upload, path, at) : store.CommitAppend(upload, path);
            }
            catch (PartialWriteCrashException)
            {
            }

            _temp.CreateStore().RecoverPartialWrites();

            var expectedNew = Apply(old, offset ?? old.Length, staged);
            var actual = File.ReadAllBytes(_temp.HostPath(name));
            var finished = !crash.Crashed || step == PartialWriteStep.JournalDeleted;
            Assert.True(
                actual.AsSpan().SequenceEqual(finished ? expectedNew : old),
                $"trial {trial}: {step}#{occurrence}, offset {offset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "end"}, old {old.Length} bytes, staged {staged.Length}, chunk {chunk}");
            Assert.Empty(PartialWrites.JournalFiles(_temp));
        }
    }

    private static FileEntry Commit(LocalFileStore store, long? offset, string staged)
    {
        var upload = PartialWrites.Stage(store, staged);
        var path = VirtualPath.Parse("/target.bin");
        return offset is { } at ? store.CommitWriteAt(upload, path, at) : store.CommitAppend(upload, path);
    }

    private static string Apply(string old, long offset, string staged) => Encoding.UTF8.GetString(Apply(Encoding.UTF8.GetBytes(old), offset, Encoding.UTF8.GetBytes(staged)));

    private static byte[] Apply(byte[] old, long offset, byte[] staged)
    {
        var result = new byte[Math.Max(old.Length, offset + staged.Length)];
        old.CopyTo(result, 0);
        staged.CopyTo(result, offset);
        return result;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
