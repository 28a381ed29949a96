using ActorFs.Node.Accounts;

namespace ActorFs.Tests.Node.Accounts;

public sealed class StoreLockSpec : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => AccountStore.FolderOf(_temp.Root);

    [Fact]
    public void The_first_taker_gets_the_lock_and_the_second_gets_null()
    {
        using var first = StoreLock.TryAcquire(Folder);
        Assert.NotNull(first);
        Assert.Equal(Path.Join(Folder, "lock"), first.FilePath);

        Assert.Null(StoreLock.TryAcquire(Folder));
    }

    [Fact]
    public void A_released_lock_can_be_taken_again_and_its_file_stays()
    {
        StoreLock.TryAcquire(Folder)!.Dispose();

        using var again = StoreLock.TryAcquire(Folder);

        Assert.NotNull(again);
        Assert.True(File.Exists(Path.Join(Folder, "lock")));
    }

    [Fact]
    public void Taking_the_lock_creates_the_accounts_folder()
    {
        using var held = StoreLock.TryAcquire(Folder);

        Assert.True(Directory.Exists(Folder));
    }

    [Fact]
    public void The_lock_does_not_stop_the_holder_from_using_the_store()
    {
        using var held = StoreLock.TryAcquire(Folder);
        var store = new AccountStore(Folder);

        store.Save(AccountsDocumentSpec.WithUsers("alice"));

        Assert.Single(store.Load().Users);
    }
}
