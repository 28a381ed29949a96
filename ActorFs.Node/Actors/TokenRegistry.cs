using System.Buffers.Text;
using System.Security.Cryptography;
using ActorFs.Actors;
using ActorFs.Node.Storage;

namespace ActorFs.Node.Actors;

/// <summary>Which way a transfer moves bytes, from the node's point of view.</summary>
internal enum TransferDirection
{
    Download,
    Upload,
}

/// <summary>What a token allows: one transfer, for one session, one direction, one path and size.</summary>
internal sealed record TransferGrant(IActorRef Session, IActorRef Transfer, TransferDirection Direction, VirtualPath Path, long? Size);

/// <summary>
/// Issues, redeems and expires single-use transfer tokens. A token is 256 random bits, URL-safe, bound
/// to what it was issued for; it is redeemed at most once, and only before it expires. Used and expired
/// tokens are remembered until their expiry so the transfer port can tell "gone" from "unknown".
/// </summary>
internal sealed class TokenRegistry : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _ttl;
    private readonly Dictionary<string, Entry> _tokens = new(StringComparer.Ordinal);
    private ILoggingAdapter _log = null!;

    public TokenRegistry(TimeSpan ttl)
    {
        _ttl = ttl > TimeSpan.Zero ? ttl : throw new ArgumentOutOfRangeException(nameof(ttl), "A token lifetime must be positive.");
        Receive<Issue>(OnIssue);
        Receive<Redeem>(OnRedeem);
        Receive<RevokeSession>(OnRevokeSession);
        Receive<Sweep>(_ => OnSweep());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan ttl) => ActorFs.Actors.Props.Create(() => new TokenRegistry(ttl));

    protected override void PreStart()
    {
        _log = Context.GetLogger();
        var every = _ttl < TimeSpan.FromSeconds(10) ? _ttl : TimeSpan.FromSeconds(10);
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, every);
    }

    private TimeSpan Now => Context.System.Scheduler.MonotonicClock;

    private void OnIssue(Issue issue)
    {
        var token = NewToken();
        var expiresAt = Now + _ttl;
        _tokens[token] = new Entry(issue.Grant, expiresAt, Used: false);
        Sender.Tell(new Issued(token, issue.Grant, _ttl));
    }

    private void OnRedeem(Redeem redeem)
    {
        if (!_tokens.TryGetValue(redeem.Token, out var entry))
        {
            _log.Warning("Refused an unknown transfer token from {Remote}", redeem.Remote);
            Sender.Tell(new Refused(RefusalReason.Unknown));
            return;
        }
        if (entry.Used || Now >= entry.ExpiresAt)
        {
            var reason = entry.Used ? RefusalReason.AlreadyUsed : RefusalReason.Expired;
            _log.Warning("Refused a transfer token for {Path} from {Remote}: {Reason}", entry.Grant.Path.Value, redeem.Remote, reason);
            Sender.Tell(new Refused(reason));
            return;
        }
        _tokens[redeem.Token] = entry with { Used = true };
        Sender.Tell(new Redeemed(entry.Grant));
    }

    private void OnRevokeSession(RevokeSession revoke)
    {
        foreach (var (token, entry) in _tokens.ToArray())
        {
            if (entry.Grant.Session.Equals(revoke.Session)) _tokens[token] = entry with { Used = true };
        }
    }

    private void OnSweep()
    {
        var now = Now;
        foreach (var (token, entry) in _tokens.ToArray())
        {
            if (now >= entry.ExpiresAt)
            {
                _tokens.Remove(token);
                if (!entry.Used) entry.Grant.Transfer.Tell(new Expired(token));
            }
        }
    }

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private sealed record Entry(TransferGrant Grant, TimeSpan ExpiresAt, bool Used);

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    /// <summary>Asks for a token for <see cref="Grant"/>; answered with <see cref="Issued"/>.</summary>
    public sealed record Issue(TransferGrant Grant);

    public sealed record Issued(string Token, TransferGrant Grant, TimeSpan ValidFor);

    /// <summary>Presents a token from the transfer port; answered with <see cref="Redeemed"/> or <see cref="Refused"/>.</summary>
    public sealed record Redeem(string Token, string Remote);

    public sealed record Redeemed(TransferGrant Grant);

    public sealed record Refused(RefusalReason Reason);

    /// <summary>Sent to a grant's transfer when its token expired unused.</summary>
    public sealed record Expired(string Token);

    /// <summary>Invalidates every unredeemed token of a session that ended.</summary>
    public sealed record RevokeSession(IActorRef Session);

    public enum RefusalReason
    {
        Unknown,
        Expired,
        AlreadyUsed,
    }
}
