using System.Text;
using ActorFs.Node.Accounts;
using static ActorFs.Tests.Node.Accounts.AccountsDocumentSpec;

namespace ActorFs.Tests.Node.Accounts;

public sealed class AccountStoreSpec : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => AccountStore.FolderOf(_temp.Root);

    /// <summary>Thrown from the fault-injection callback: the process "dies" right after that step.</summary>
    private sealed class SimulatedCrash : Exception;

    [Fact]
    public void The_store_lives_in_the_roots_internal_folder()
    {
        Assert.Equal(Path.Join(_temp.Root, ".actorfs", "accounts"), Folder);
        Assert.Equal(Path.Join(Folder, "accounts.json"), new AccountStore(Folder).FilePath);
    }

    [Fact]
    public void A_store_never_saved_loads_empty()
    {
        Assert.Empty(new AccountStore(Folder).Load().Users);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public void What_was_saved_loads_back()
    {
        var store = new AccountStore(Folder);
        var document = AccountsJsonSpec.Rich();

        store.Save(document);

        Assert.Equal(AccountsJson.Serialize(document), AccountsJson.Serialize(new AccountStore(Folder).Load()));
    }

    [Fact]
    public void The_folder_and_the_file_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        new AccountStore(Folder).Save(WithUsers("alice"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(Folder, "accounts.json")));
    }

    [Theory]
    [InlineData(nameof(DurableWriteStep.TempCreated), false)]
    [InlineData(nameof(DurableWriteStep.TempHalfWritten), false)]
    [InlineData(nameof(DurableWriteStep.TempWritten), false)]
    [InlineData(nameof(DurableWriteStep.TempFlushed), false)]
    [InlineData(nameof(DurableWriteStep.Renamed), true)]
    [InlineData(nameof(DurableWriteStep.FolderSynced), true)]
    public void A_crash_after_any_step_of_a_save_leaves_the_complete_old_or_the_complete_new_document(string crashAfterStep, bool newExpected)
    {
        var crashAfter = Enum.Parse<DurableWriteStep>(crashAfterStep);
        var old = WithUsers("alice");
        var @new = WithUsers("alice", "bob");
        new AccountStore(Folder).Save(old);
        var crashing = new AccountStore(Folder, step =>
        {
            if (step == crashAfter) throw new SimulatedCrash();
        });

        Assert.Throws<SimulatedCrash>(() => crashing.Save(@new));
        var loaded = new AccountStore(Folder).Load();

        Assert.Equal(AccountsJson.Serialize(newExpected ? @new : old), AccountsJson.Serialize(loaded));
        Assert.Equal(["accounts.json"], Directory.EnumerateFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_crash_during_the_very_first_save_leaves_an_empty_store()
    {
        var crashing = new AccountStore(Folder, step =>
        {
            if (step == DurableWriteStep.TempHalfWritten) throw new SimulatedCrash();
        });

        Assert.Throws<SimulatedCrash>(() => crashing.Save(WithUsers("alice")));

        Assert.Empty(new AccountStore(Folder).Load().Users);
        Assert.Empty(Directory.EnumerateFiles(Folder));
    }

    [Fact]
    public void A_save_runs_every_step_in_order()
    {
        var steps = new List<DurableWriteStep>();

        new AccountStore(Folder, steps.Add).Save(WithUsers("alice"));

        Assert.Equal(Enum.GetValues<DurableWriteStep>(), steps);
    }

    [Fact]
    public void A_damaged_store_stops_loading_with_an_error_naming_the_file()
    {
        var store = new AccountStore(Folder);
        store.Save(WithUsers("alice"));
        File.WriteAllText(store.FilePath, "{\"version\": 1, \"users\": [");

        var error = Assert.Throws<AccountStoreException>(store.Load);

        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(store.FilePath, error.FilePath);
    }

    [Fact]
    public void An_empty_store_file_is_damage_not_an_empty_store()
    {
        var store = new AccountStore(Folder);
        AccountStore.EnsureFolder(Folder);
        File.WriteAllBytes(store.FilePath, []);

        Assert.Throws<AccountStoreException>(store.Load);
    }

    [Fact]
    public void A_store_of_a_newer_format_stops_loading_and_says_so()
    {
        var store = new AccountStore(Folder);
        AccountStore.EnsureFolder(Folder);
        File.WriteAllText(store.FilePath, "{\"version\": 7, \"everything\": \"different\"}");

        var error = Assert.Throws<AccountStoreException>(store.Load);

        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("format version 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leftover_temporary_files_are_ignored_and_removed_but_other_files_are_kept()
    {
        var store = new AccountStore(Folder);
        store.Save(WithUsers("alice"));
        File.WriteAllText(store.FilePath + ".tmp-0123", "{ torn");
        File.WriteAllText(Path.Join(Folder, "lock"), "");
        File.WriteAllText(Path.Join(Folder, "usage.json.tmp-0123"), "{ torn");

        Assert.Single(store.Load().Users);

        Assert.False(File.Exists(store.FilePath + ".tmp-0123"));
        Assert.True(File.Exists(Path.Join(Folder, "lock")));
        Assert.True(File.Exists(Path.Join(Folder, "usage.json.tmp-0123")));
    }

    [Fact]
    public void Folder_sync_succeeds_on_a_real_folder()
    {
        Directory.CreateDirectory(_temp.Root);

        DurableFile.SyncFolder(_temp.Root);
    }

    [Fact]
    public void A_failed_write_removes_its_temporary_file_and_keeps_the_old_content()
    {
        var file = new DurableFile(_temp["data.json"]);
        file.Write(Encoding.UTF8.GetBytes("old"));
        var failing = new DurableFile(_temp["data.json"], step =>
        {
            if (step == DurableWriteStep.TempWritten) throw new IOException("disk full");
        });

        Assert.Throws<IOException>(() => failing.Write(Encoding.UTF8.GetBytes("new")));

        Assert.Equal(["data.json"], Directory.EnumerateFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal("old", Encoding.UTF8.GetString(file.Read()!));
    }
}
