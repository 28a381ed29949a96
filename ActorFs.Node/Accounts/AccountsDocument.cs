using System.Collections.Immutable;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Everything <c>accounts.json</c> holds, as one immutable value: users, session tokens (by hash) and access
/// records (by virtual path). Every change is a pure method returning a new document, so the accounts actor
/// swaps one reference and writes one file per change; a method that changes nothing returns this same
/// instance, so callers can skip the write. Invariants kept by every method (and checked on load): user names
/// follow <see cref="UserNames"/>, every token and grant names an existing user, no access record is empty.
/// Split by concern: this file (users), <c>.Tokens</c>, <c>.Access</c>.
/// </summary>
internal sealed partial class AccountsDocument
{
    /// <summary>The format version this code writes and reads; a newer one is refused, never half-read.</summary>
    public const int CurrentVersion = 1;

    private static readonly ImmutableSortedDictionary<string, UserRecord> NoUsers = ImmutableSortedDictionary.Create<string, UserRecord>(StringComparer.Ordinal);
    private static readonly ImmutableSortedDictionary<string, TokenRecord> NoTokens = ImmutableSortedDictionary.Create<string, TokenRecord>(StringComparer.Ordinal);
    private static readonly ImmutableSortedDictionary<string, AccessRecord> NoAccess = ImmutableSortedDictionary.Create<string, AccessRecord>(StringComparer.Ordinal);

    private AccountsDocument(
        ImmutableSortedDictionary<string, UserRecord> users,
        ImmutableSortedDictionary<string, TokenRecord> tokens,
        ImmutableSortedDictionary<string, AccessRecord> access)
    {
        Users = users;
        Tokens = tokens;
        Access = access;
    }

    /// <summary>No users, no tokens, no access records: a node before its first account.</summary>
    public static AccountsDocument Empty { get; } = new(NoUsers, NoTokens, NoAccess);

    /// <summary>Users by name.</summary>
    public ImmutableSortedDictionary<string, UserRecord> Users { get; }

    /// <summary>Session tokens by the SHA-256 hex of the token; expired ones may linger until the next prune.</summary>
    public ImmutableSortedDictionary<string, TokenRecord> Tokens { get; }

    /// <summary>Access records by virtual path text (e.g. <c>/home/alice/shared</c>); never empty ones.</summary>
    public ImmutableSortedDictionary<string, AccessRecord> Access { get; }

    public UserRecord? FindUser(string? name) => name is not null && Users.TryGetValue(name, out var user) ? user : null;

    /// <summary>The user named <paramref name="name"/>; throws <see cref="AccountError.UnknownUser"/> when there is none.</summary>
    public UserRecord GetUser(string name) => FindUser(name) ?? throw AccountException.UnknownUser(name);

    /// <summary>Adds an account; refuses a bad name, a taken name or bad options.</summary>
    public AccountsDocument AddUser(string name, PasswordHash password, UserOptions options, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(options);
        UserNames.Validate(name);
        if (Users.ContainsKey(name))
        {
            throw AccountException.UserExists(name);
        }

        CheckOptions(options);
        return With(users: Users.Add(name, new UserRecord(name, password, options, nowUtc, nowUtc)));
    }

    /// <summary>
    /// Removes an account with its tokens, every grant naming it, and every access record in its home, so a
    /// later account of the same name inherits none of them.
    /// </summary>
    public AccountsDocument RemoveUser(string name)
    {
        GetUser(name);
        var home = UserRecord.HomeOf(name);
        var access = Access;
        foreach (var (path, record) in Access)
        {
            if (IsSameOrUnder(path, home))
            {
                access = access.Remove(path);
            }
            else if (record.Grants.ContainsKey(name))
            {
                access = Put(access, path, record with { Grants = record.Grants.Remove(name) });
            }
        }

        return With(users: Users.Remove(name), tokens: TokensWithout(t => t.User == name), access: access);
    }

    /// <summary>Replaces a password and revokes every token of the user: a password change signs out every session.</summary>
    public AccountsDocument SetPassword(string name, PasswordHash password, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(password);
        var user = GetUser(name);
        return With(
            users: Users.SetItem(name, user with { Password = password, PasswordChangedUtc = nowUtc }),
            tokens: TokensWithout(t => t.User == name));
    }

    /// <summary>
    /// Replaces a hash after a sign-in proved the password, keeping the tokens and the password-changed time
    /// (a stronger hash of the same password is not a password change).
    /// </summary>
    public AccountsDocument Rehash(string name, PasswordHash password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var user = GetUser(name);
        return With(users: Users.SetItem(name, user with { Password = password }));
    }

    /// <summary>Replaces an account's limits and flags; disabling it also revokes its tokens.</summary>
    public AccountsDocument SetUserOptions(string name, UserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var user = GetUser(name);
        CheckOptions(options);
        if (user.Options == options)
        {
            return this;
        }

        return With(
            users: Users.SetItem(name, user with { Options = options }),
            tokens: options.Disabled ? TokensWithout(t => t.User == name) : Tokens);
    }

    /// <summary>Builds a document read from disk, checking every invariant the methods keep; throws <see cref="InvalidDataException"/> naming the first broken one.</summary>
    internal static AccountsDocument FromParts(IEnumerable<UserRecord> users, IEnumerable<TokenRecord> tokens, IEnumerable<KeyValuePair<string, AccessRecord>> access)
    {
        var document = Empty;
        foreach (var user in users)
        {
            if (UserNames.Check(user.Name) is { } why) throw new InvalidDataException(why);
            if (document.Users.ContainsKey(user.Name)) throw new InvalidDataException($"user '{user.Name}' appears twice");
            if (!PasswordHasher.IsUsable(user.Password)) throw new InvalidDataException($"user '{user.Name}' has a password hash this version cannot verify");
            if (user.Options.Check() is { } bad) throw new InvalidDataException($"user '{user.Name}': {bad}");
            document = document.With(users: document.Users.Add(user.Name, user));
        }

        foreach (var token in tokens)
        {
            if (!SessionTokenGenerator.IsHash(token.Hash)) throw new InvalidDataException("a token hash is not 64 lower-case hex digits");
            if (!document.Users.ContainsKey(token.User)) throw new InvalidDataException($"a token names '{token.User}', who has no account");
            if (document.Tokens.ContainsKey(token.Hash)) throw new InvalidDataException("a token appears twice");
            document = document.With(tokens: document.Tokens.Add(token.Hash, token));
        }

        foreach (var (path, record) in access)
        {
            var parsed = ParseAccessPath(path) ?? throw new InvalidDataException($"access path '{path}' is not a normalised virtual path");
            if (record.IsEmpty) throw new InvalidDataException($"access record '{path}' is empty");
            if (document.Access.ContainsKey(parsed)) throw new InvalidDataException($"access path '{path}' appears twice");
            if (record.Grants.Keys.FirstOrDefault(u => !document.Users.ContainsKey(u)) is { } stranger)
            {
                throw new InvalidDataException($"access path '{path}' grants to '{stranger}', who has no account");
            }

            document = document.With(access: document.Access.Add(parsed, record));
        }

        return document;
    }

    private AccountsDocument With(
        ImmutableSortedDictionary<string, UserRecord>? users = null,
        ImmutableSortedDictionary<string, TokenRecord>? tokens = null,
        ImmutableSortedDictionary<string, AccessRecord>? access = null)
    {
        var next = new AccountsDocument(users ?? Users, tokens ?? Tokens, access ?? Access);
        return ReferenceEquals(next.Users, Users) && ReferenceEquals(next.Tokens, Tokens) && ReferenceEquals(next.Access, Access) ? this : next;
    }

    private static void CheckOptions(UserOptions options)
    {
        if (options.Check() is { } why)
        {
            throw new AccountException(AccountError.InvalidValue, why);
        }
    }
}
