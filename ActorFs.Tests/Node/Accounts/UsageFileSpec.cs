using ActorFs.Node.Accounts;
using static ActorFs.Tests.Node.Accounts.AccountsDocumentSpec;

using ActorFs.Node.Quotas;

namespace ActorFs.Tests.Node.Accounts;

public sealed class UsageFileSpec : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => AccountStore.FolderOf(_temp.Root);

    private sealed class SimulatedCrash : Exception;

    [Fact]
    public void Usage_never_saved_loads_empty()
    {
        Assert.Empty(new UsageFile(Folder).Load());
    }

    [Fact]
    public void Saved_totals_load_back()
    {
        var file = new UsageFile(Folder);

        file.Save(new Dictionary<string, Usage> { ["alice"] = new(1234, 5), ["bob"] = Usage.Zero });

        var loaded = new UsageFile(Folder).Load();
        Assert.Equal(new Usage(1234, 5), loaded["alice"]);
        Assert.Equal(Usage.Zero, loaded["bob"]);
        Assert.Equal(Path.Join(Folder, "usage.json"), file.FilePath);
    }

    [Theory]
    [InlineData(nameof(DurableWriteStep.TempHalfWritten), 1L)]
    [InlineData(nameof(DurableWriteStep.TempFlushed), 1L)]
    [InlineData(nameof(DurableWriteStep.Renamed), 2L)]
    public void A_crash_during_a_save_leaves_the_old_or_the_new_totals(string crashAfterStep, long expected)
    {
        var crashAfter = Enum.Parse<DurableWriteStep>(crashAfterStep);
        new UsageFile(Folder).Save(new Dictionary<string, Usage> { ["alice"] = new(1, 1) });
        var crashing = new UsageFile(Folder, step =>
        {
            if (step == crashAfter) throw new SimulatedCrash();
        });

        Assert.Throws<SimulatedCrash>(() => crashing.Save(new Dictionary<string, Usage> { ["alice"] = new(2, 2) }));

        Assert.Equal(new Usage(expected, expected), new UsageFile(Folder).Load()["alice"]);
        Assert.Equal(["usage.json"], Directory.EnumerateFiles(Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{ torn")]
    [InlineData("{\"version\": 2, \"users\": {}}")]
    [InlineData("{\"version\": 1, \"users\": {\"alice\": {\"bytes\": -1, \"files\": 0}}}")]
    [InlineData("{\"version\": 1, \"users\": {\"Alice\": {\"bytes\": 1, \"files\": 0}}}")]
    public void A_damaged_usage_file_is_reported_with_its_name_and_the_way_to_rebuild_it(string content)
    {
        var file = new UsageFile(Folder);
        AccountStore.EnsureFolder(Folder);
        File.WriteAllText(file.FilePath, content);

        var error = Assert.Throws<AccountStoreException>(file.Load);

        Assert.Contains(file.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("actorfs-node user recount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_a_home_adds_the_sizes_and_number_of_regular_files_at_every_depth()
    {
        var home = Directory.CreateDirectory(Path.Join(_temp.Root, "home", "alice")).FullName;
        File.WriteAllBytes(Path.Join(home, "a.bin"), new byte[100]);
        Directory.CreateDirectory(Path.Join(home, "deep", "er"));
        File.WriteAllBytes(Path.Join(home, "deep", "er", "b.bin"), new byte[23]);
        File.WriteAllBytes(Path.Join(home, "deep", "empty.txt"), []);

        Assert.Equal(new Usage(123, 3), UsageCounter.Count(home));
    }

    [Fact]
    public void Counting_neither_follows_nor_counts_symbolic_links()
    {
        if (OperatingSystem.IsWindows()) return;
        var elsewhere = Directory.CreateDirectory(_temp["elsewhere"]).FullName;
        File.WriteAllBytes(Path.Join(elsewhere, "big.bin"), new byte[1000]);
        var home = Directory.CreateDirectory(Path.Join(_temp.Root, "home", "alice")).FullName;
        File.WriteAllBytes(Path.Join(home, "mine.bin"), new byte[10]);
        File.CreateSymbolicLink(Path.Join(home, "link.bin"), Path.Join(elsewhere, "big.bin"));
        Directory.CreateSymbolicLink(Path.Join(home, "linked-folder"), elsewhere);

        Assert.Equal(new Usage(10, 1), UsageCounter.Count(home));
        Assert.Equal(Usage.Zero, UsageCounter.Count(Path.Join(home, "linked-folder")));
    }

    [Fact]
    public void A_missing_home_counts_as_zero()
    {
        Assert.Equal(Usage.Zero, UsageCounter.Count(Path.Join(_temp.Root, "home", "nobody")));
    }

    [Fact]
    public void Counting_all_covers_every_user_of_the_document()
    {
        var home = Directory.CreateDirectory(Path.Join(_temp.Root, "home", "alice")).FullName;
        File.WriteAllBytes(Path.Join(home, "a.bin"), new byte[7]);

        var usage = UsageCounter.CountAll(_temp.Root, WithUsers("alice", "bob"));

        Assert.Equal(new Usage(7, 1), usage["alice"]);
        Assert.Equal(Usage.Zero, usage["bob"]);
    }

    [Fact]
    public void Usage_adds_and_subtracts_componentwise()
    {
        Assert.Equal(new Usage(15, 3), new Usage(10, 1) + new Usage(5, 2));
        Assert.Equal(new Usage(5, -1), new Usage(10, 1) - new Usage(5, 2));
    }
}
