using ActorFs.Node.Access;
using ActorFs.Node.Accounts;
using ActorFs.Node.Quotas;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Hosting;

/// <summary>
/// Opens the account store before the node serves: takes the store's lock (so offline <c>actorfs-node user</c>
/// commands cannot write underneath a running node), loads accounts and usage totals, and puts the usage meter
/// around the node's files. A damaged store stops the start with the file named, never an empty start.
/// </summary>
internal sealed class AccountsStartup : IDisposable
{
    private readonly StoreLock _lock;

    private AccountsStartup(StoreLock storeLock, AccountsSetup setup, MeteredFileStore files)
    {
        _lock = storeLock;
        Setup = setup;
        Files = files;
    }

    public AccountsSetup Setup { get; }

    /// <summary>The node's files, with usage metered: what sessions and transfers use.</summary>
    public MeteredFileStore Files { get; }

    public static AccountsStartup Open(NodeSettings settings, IFileStore files, PasswordHasher? hasher, Serilog.ILogger logger)
    {
        var folder = AccountStore.FolderOf(settings.RootDirectory);
        AccountStore.EnsureFolder(folder);
        var storeLock = StoreLock.TryAcquire(folder)
            ?? throw new NodeStartException($"Another node, or an 'actorfs-node user' command, is using the account store in {folder}.");
        try
        {
            var store = new AccountStore(folder);
            var usageFile = new UsageFile(folder);
            var document = store.Load();
            var ledger = new QuotaLedger(usageFile.Load());
            var views = new AccessViewSource(AccountsActor.ViewOf(document, settings.Anonymous));
            var metered = new MeteredFileStore(files, views, ledger);
            var setup = new AccountsSetup(
                store, usageFile, document, views, ledger, hasher ?? new PasswordHasher(settings.Accounts.Pbkdf2Iterations),
                settings.Accounts, settings.Anonymous, metered);
            logger.Information(
                "Accounts: {Count} user(s); anonymous sessions get {Anonymous} access",
                document.Users.Count, views.Current.Anonymous.ToWire());
            return new AccountsStartup(storeLock, setup, metered);
        }
        catch (Exception e) when (e is AccountStoreException or InvalidDataException or NotSupportedException)
        {
            storeLock.Dispose();
            throw new NodeStartException("The account store cannot be read: " + e.Message, e);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();
}
