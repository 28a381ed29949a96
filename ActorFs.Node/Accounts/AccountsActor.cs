using ActorFs.Actors;
using ActorFs.Messages;
using ActorFs.Node.Access;
using ActorFs.Node.Quotas;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Owns the node's accounts (<c>/user/node/accounts</c>): the store document, sign-in with its defence against
/// guessing, session tokens, grants and public flags, and the persistence of usage totals. Every change is
/// written durably first and then published as a new <see cref="AccessView"/>, so a reply that follows a
/// change already sees it. Password hashing (hundreds of milliseconds by design) runs off the actor's thread and
/// comes back as a message; a failed sign-in is answered a fixed delay after it arrived, whether or not the name
/// exists. Passwords and tokens are never logged: the log says who and from where, never with what.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed partial class AccountsActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan UsageSaveInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromMinutes(10);

    private readonly AccountStore _store;
    private readonly UsageFile _usageFile;
    private readonly AccessViewSource _views;
    private readonly QuotaLedger _ledger;
    private readonly PasswordHasher _hasher;
    private readonly AccountSettings _settings;
    private readonly AnonymousAccess _anonymous;
    private readonly IFileStore _files;
    private readonly Defender _defender;
    private readonly SemaphoreSlim _hashing = new(Math.Max(1, Environment.ProcessorCount));
    private AccountsDocument _document;
    private long _savedUsageVersion;
    private ILoggingAdapter _log = null!;

    public AccountsActor(AccountsSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _store = setup.Store;
        _usageFile = setup.UsageFile;
        _views = setup.Views;
        _ledger = setup.Ledger;
        _hasher = setup.Hasher;
        _settings = setup.Settings;
        _anonymous = setup.Anonymous;
        _files = setup.Files;
        _document = setup.Document;
        _defender = new Defender(_settings);
        _savedUsageVersion = _ledger.Version;

        Receive<SignIn>(OnSignIn);
        Receive<ResumeSession>(OnResumeSession);
        Receive<SignOut>(OnSignOut);
        Receive<ChangePassword>(OnChangePassword);
        Receive<SetGrant>(OnSetGrant);
        Receive<SetPublic>(OnSetPublic);
        Receive<ManageUser>(OnManageUser);
        Receive<PathMoved>(m => Commit(_document.MoveAccess(VirtualPath.Parse(m.From), VirtualPath.Parse(m.To)), "follow a move"));
        Receive<PathRemoved>(m => Commit(_document.RemoveAccessAtOrBelow(VirtualPath.Parse(m.Path)), "forget a removed path"));
        Receive<PasswordChecked>(OnPasswordChecked);
        Receive<UserHashed>(OnUserHashed);
        Receive<SaveUsage>(_ => SaveUsageIfChanged());
        Receive<Housekeeping>(_ => OnHousekeeping());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AccountsSetup setup) => ActorFs.Actors.Props.Create(() => new AccountsActor(setup));

    /// <summary>The view every session reads: users' flags and limits, grants and public flags, and the anonymous setting.</summary>
    public static AccessView ViewOf(AccountsDocument document, AnonymousAccess anonymous)
    {
        ArgumentNullException.ThrowIfNull(document);
        var users = document.Users.Values.Select(u => new UserView(u.Name, u.Admin, u.Disabled, u.QuotaBytes, u.MaxFiles));
        var entries = document.Access.ToDictionary(
            e => e.Key,
            e => new AccessEntry(e.Value.Grants.ToDictionary(g => g.Key, g => (AccessLevel)(int)g.Value, StringComparer.Ordinal), e.Value.Public),
            StringComparer.Ordinal);
        return new AccessView(users, entries, anonymous);
    }

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        _views.Publish(ViewOf(_document, _anonymous));
        Timers.StartPeriodicTimer(nameof(SaveUsage), SaveUsage.Instance, UsageSaveInterval);
        Timers.StartPeriodicTimer(nameof(Housekeeping), Housekeeping.Instance, HousekeepingInterval);
    }

    protected override void PostStop()
    {
        SaveUsageIfChanged();
        _hashing.Dispose();
    }

    private DateTime Now => Context.System.Scheduler.Now.UtcDateTime;

    private void OnSignIn(SignIn request)
    {
        var now = Now;
        if (_defender.IsBanned(request.Address, request.Name, now) is { } until)
        {
            Sender.Tell(Banned(until, now));
            return;
        }

        var user = _document.FindUser(request.Name);
        CheckPasswordInBackground(new PendingCheck(request.Name, request.Address, Sender, now, NewPassword: null), request.Password, user);
    }

    private void OnChangePassword(ChangePassword request)
    {
        var now = Now;
        if (PasswordRules.Check(request.NewPassword) is { } why)
        {
            Sender.Tell(new Refused(ErrorCode.BadRequest, why));
            return;
        }

        if (_defender.IsBanned(request.Address, request.User, now) is { } until)
        {
            Sender.Tell(Banned(until, now));
            return;
        }

        CheckPasswordInBackground(
            new PendingCheck(request.User, request.Address, Sender, now, request.NewPassword), request.OldPassword, _document.FindUser(request.User));
    }

    /// <summary>Verifies (and, when needed, derives a new hash) on the thread pool; the result comes back as <see cref="PasswordChecked"/>.</summary>
    private void CheckPasswordInBackground(PendingCheck pending, string password, UserRecord? user)
    {
        var hasher = _hasher;
        var hashing = _hashing;
        var stored = user?.Password;
        var usable = user is { Disabled: false };
        Task.Run(async () =>
        {
            await hashing.WaitAsync().ConfigureAwait(false);
            try
            {
                var ok = usable && stored is not null ? hasher.Verify(password, stored) : hasher.DummyVerify(password);
                PasswordHash? replacement = null;
                if (ok && pending.NewPassword is { } fresh) replacement = hasher.Hash(fresh);
                else if (ok && hasher.NeedsRehash(stored!)) replacement = hasher.Hash(password);
                return new PasswordChecked(pending, ok, stored, replacement);
            }
            finally
            {
                hashing.Release();
            }
        }).PipeTo(Self);
    }

    private void OnPasswordChecked(PasswordChecked result)
    {
        var pending = result.Pending;
        var now = Now;
        // The account may have changed while the hash ran: only the password that was checked counts.
        var user = _document.FindUser(pending.Name);
        if (!result.Ok || user is null || user.Disabled || !ReferenceEquals(user.Password, result.Checked))
        {
            OnFailedSignIn(pending, now);
            return;
        }

        _defender.RecordSuccess(pending.Address, pending.Name);
        var document = _document;
        if (pending.NewPassword is not null)
        {
            document = document.SetPassword(user.Name, result.Replacement!, now);
        }
        else if (result.Replacement is { } rehashed)
        {
            document = document.Rehash(user.Name, rehashed);
        }

        var token = SessionTokenGenerator.Generate();
        var hash = SessionTokenGenerator.Hash(token);
        if (!Commit(document.IssueToken(hash, user.Name, now, _settings.SessionTtl), "issue a session token"))
        {
            pending.ReplyTo.Tell(StoreUnavailable);
            return;
        }

        if (pending.NewPassword is not null)
        {
            _log.Info("User {User} changed their password from {Address}; their other sessions' tokens are revoked", user.Name, pending.Address);
            pending.ReplyTo.Tell(new PasswordChanged(token, _settings.SessionTtl, hash));
            return;
        }

        _log.Info("User {User} signed in from {Address}", user.Name, pending.Address);
        pending.ReplyTo.Tell(new SignedIn(user.Name, user.Admin, token, _settings.SessionTtl, hash));
    }

    private void OnFailedSignIn(PendingCheck pending, DateTime now)
    {
        var bannedUntil = _defender.RecordFailure(pending.Address, pending.Name, now);
        _log.Info("Failed sign-in for {Name} from {Address}", pending.Name, pending.Address);
        if (bannedUntil is { } until)
        {
            _log.Warning(
                "Too many failed sign-ins: {Address} and the name {Name} are banned until {Until:u} ({Failures} failures within {Window})",
                pending.Address, pending.Name, until, _settings.MaxFailures, _settings.FailureWindow);
        }

        var message = pending.NewPassword is null
            ? new Refused(ErrorCode.Unauthorized, "Wrong name or password.")
            : new Refused(ErrorCode.Forbidden, "The current password is wrong.");
        var remaining = _settings.FailureDelay - (now - pending.StartedUtc);
        if (remaining > TimeSpan.Zero)
        {
            Context.System.Scheduler.ScheduleTellOnce(remaining, pending.ReplyTo, message, Self);
        }
        else
        {
            pending.ReplyTo.Tell(message);
        }
    }

    private void OnResumeSession(ResumeSession request)
    {
        var now = Now;
        if (_defender.IsBanned(request.Address, null, now) is { } until)
        {
            Sender.Tell(Banned(until, now));
            return;
        }

        var hash = SessionTokenGenerator.IsWellFormed(request.Token) ? SessionTokenGenerator.Hash(request.Token) : null;
        var record = hash is null ? null : _document.FindToken(hash, now);
        if (record is null || _document.FindUser(record.User) is not { Disabled: false } user)
        {
            _defender.RecordFailure(request.Address, null, now);
            Sender.Tell(new Refused(ErrorCode.Unauthorized, "The session token is not valid (expired, revoked or unknown); sign in with your password."));
            return;
        }

        _log.Info("User {User} resumed a session from {Address}", user.Name, request.Address);
        Sender.Tell(new SignedIn(user.Name, user.Admin, null, record.ExpiresUtc - now, hash!));
    }

    private void OnSignOut(SignOut request)
    {
        if (_document.Tokens.TryGetValue(request.TokenHash, out var record))
        {
            Commit(_document.RevokeToken(request.TokenHash), "revoke a session token");
            _log.Info("User {User} signed out", record.User);
        }
        Sender.Tell(Done.Instance);
    }

    private void OnSetGrant(SetGrant request)
    {
        if (_document.FindUser(request.Grantee) is null)
        {
            Sender.Tell(new Refused(ErrorCode.NotFound, $"No user is named '{request.Grantee}'."));
            return;
        }

        var path = VirtualPath.Parse(request.Path);
        var document = request.Level is { } level
            ? _document.SetGrant(path, request.Grantee, (GrantLevel)(int)level)
            : _document.RemoveGrant(path, request.Grantee);
        Sender.Tell(Commit(document, "change a grant") ? Done.Instance : StoreUnavailable);
    }

    private void OnSetPublic(SetPublic request)
    {
        var path = VirtualPath.Parse(request.Path);
        // Off removes the flag here, unless a folder above is public: then only an explicit "not public" hides this path.
        bool? flag = request.On ? true : (!path.IsRoot && AccessPolicy.IsPublic(_views.Current, path.Parent) ? false : null);
        Sender.Tell(Commit(_document.SetPublic(path, flag), "change a public flag") ? Done.Instance : StoreUnavailable);
    }

    private void OnHousekeeping()
    {
        var now = Now;
        _defender.Prune(now);
        var pruned = _document.PruneExpiredTokens(now);
        if (pruned.Tokens.Count != _document.Tokens.Count) Commit(pruned, "drop expired session tokens");
    }

    private void SaveUsageIfChanged()
    {
        var version = _ledger.Version;
        if (version == _savedUsageVersion) return;
        try
        {
            _usageFile.Save(_ledger.Snapshot());
            _savedUsageVersion = version;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not save usage totals to {File}; will retry", _usageFile.FilePath);
        }
    }

    /// <summary>Writes <paramref name="document"/> durably, then adopts and publishes it; false (nothing changed) when the write failed.</summary>
    private bool Commit(AccountsDocument document, string what)
    {
        if (ReferenceEquals(document, _document)) return true;
        try
        {
            _store.Save(document);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error(e, "Could not write the account store to {File} to {What}; nothing was changed", _store.FilePath, what);
            return false;
        }

        _document = document;
        _views.Publish(ViewOf(document, _anonymous));
        return true;
    }

    private static Refused Banned(DateTime until, DateTime now)
    {
        var wait = until - now;
        var text = wait.TotalMinutes >= 1 ? $"{Math.Ceiling(wait.TotalMinutes):0} min" : $"{Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} s";
        return new Refused(ErrorCode.TooManyRequests, $"Too many failed sign-ins; try again in {text}.");
    }

    private static Refused StoreUnavailable { get; } = new(ErrorCode.Internal, "The node could not write its account store; nothing was changed.");

    private sealed record PendingCheck(string Name, string Address, IActorRef ReplyTo, DateTime StartedUtc, string? NewPassword)
    {
        public override string ToString() => $"PendingCheck {{ Name = {Name}, Address = {Address} }}";
    }

    private sealed record PasswordChecked(PendingCheck Pending, bool Ok, PasswordHash? Checked, PasswordHash? Replacement);

    private sealed class SaveUsage
    {
        public static readonly SaveUsage Instance = new();
    }

    private sealed class Housekeeping
    {
        public static readonly Housekeeping Instance = new();
    }
}

/// <summary>What the accounts actor starts with, loaded before the node serves.</summary>
internal sealed record AccountsSetup(
    AccountStore Store,
    UsageFile UsageFile,
    AccountsDocument Document,
    AccessViewSource Views,
    QuotaLedger Ledger,
    PasswordHasher Hasher,
    AccountSettings Settings,
    AnonymousAccess Anonymous,
    IFileStore Files);
