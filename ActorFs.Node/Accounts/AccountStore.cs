namespace ActorFs.Node.Accounts;

/// <summary>
/// Loads and saves <c>accounts.json</c> in the accounts folder (<c>ROOT/.actorfs/accounts</c>) through a
/// <see cref="DurableFile"/>: each save replaces the whole document atomically, so a crash leaves the old or
/// the new document, never a mix. A missing file is an empty store; a damaged or newer one stops
/// <see cref="Load"/> with an <see cref="AccountStoreException"/> naming the file, never an empty start that
/// would open the node to anonymous users. Not thread-safe: the accounts actor (or the offline command) owns it.
/// </summary>
internal sealed class AccountStore
{
    public const string FileName = "accounts.json";

    private readonly DurableFile _file;

    /// <param name="folder">The accounts folder; created (owner-only) on the first save.</param>
    /// <param name="afterStep">Fault injection for tests: called after each step of a save.</param>
    public AccountStore(string folder, Action<DurableWriteStep>? afterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        _file = new DurableFile(Path.Join(Folder, FileName), afterStep);
    }

    public string Folder { get; }

    public string FilePath => _file.Path;

    /// <summary>The accounts folder of a node root: <c>ROOT/.actorfs/accounts</c>.</summary>
    public static string FolderOf(string rootHostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootHostPath);
        return Path.Join(Path.GetFullPath(rootHostPath), Storage.RootConfinement.InternalName, "accounts");
    }

    /// <summary>Creates the accounts folder (and the internal folder above it) readable by the owner only.</summary>
    public static void EnsureFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var parent = Path.GetDirectoryName(folder);
        if (parent is not null && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent, ownerOnly);
        }

        Directory.CreateDirectory(folder, ownerOnly);
    }

    /// <summary>The stored document, or <see cref="AccountsDocument.Empty"/> when none was ever saved.</summary>
    /// <exception cref="AccountStoreException">The file is unreadable, damaged, or of a newer format.</exception>
    public AccountsDocument Load()
    {
        byte[]? content;
        try
        {
            content = _file.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AccountStoreException(FilePath, $"The account store {FilePath} cannot be read: {e.Message}", e);
        }

        if (content is null)
        {
            return AccountsDocument.Empty;
        }

        try
        {
            return AccountsJson.Deserialize(content);
        }
        catch (InvalidDataException e)
        {
            throw new AccountStoreException(FilePath, $"The account store {FilePath} is damaged: {e.Message}. Restore it from a backup; nothing was changed.", e);
        }
        catch (NotSupportedException e)
        {
            throw new AccountStoreException(FilePath, $"The account store {FilePath} cannot be read: {e.Message}.", e);
        }
    }

    /// <summary>Replaces the stored document with <paramref name="document"/>; on return it is on disk.</summary>
    public void Save(AccountsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        EnsureFolder(Folder);
        _file.Write(AccountsJson.Serialize(document));
    }
}

/// <summary>A store file that cannot be used as it is; the message names the file and what to do.</summary>
internal sealed class AccountStoreException : Exception
{
    public AccountStoreException() { }

    public AccountStoreException(string message) : base(message) { }

    public AccountStoreException(string message, Exception inner) : base(message, inner) { }

    public AccountStoreException(string file, string message, Exception inner) : base(message, inner) => FilePath = file;

    /// <summary>The host path of the file at fault.</summary>
    public string? FilePath { get; }
}
