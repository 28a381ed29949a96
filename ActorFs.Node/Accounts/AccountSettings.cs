using ActorFs.Node.Settings;

namespace ActorFs.Node.Accounts;

/// <summary>
/// How accounts behave (<c>actorfs.accounts.*</c>): the cost of new password hashes, how long a session token
/// lives, and the defence against password guessing (a delay after each failure, and bans).
/// </summary>
internal sealed record AccountSettings(
    int Pbkdf2Iterations,
    TimeSpan SessionTtl,
    TimeSpan FailureDelay,
    int MaxFailures,
    TimeSpan FailureWindow,
    TimeSpan BanDuration)
{
    public const string Section = "actorfs.accounts.";

    /// <summary>The built-in defaults, the same as hocon/node.conf's.</summary>
    public static AccountSettings Default { get; } = new(
        Pbkdf2Iterations: PasswordHasher.MinimumIterations,
        SessionTtl: TimeSpan.FromDays(30),
        FailureDelay: TimeSpan.FromSeconds(1),
        MaxFailures: 5,
        FailureWindow: TimeSpan.FromMinutes(10),
        BanDuration: TimeSpan.FromMinutes(15));

    public static AccountSettings Bind(SettingsReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        const string s = Section;
        return new AccountSettings(
            Pbkdf2Iterations: r.Int(s + "pbkdf2-iterations", PasswordHasher.MinimumIterations, PasswordHasher.MaximumIterations),
            SessionTtl: r.Duration(s + "session-ttl", TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650)),
            FailureDelay: r.Duration(s + "failure-delay", TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            MaxFailures: r.Int(s + "ban.max-failures", 1, 1_000_000),
            FailureWindow: r.Duration(s + "ban.window", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
            BanDuration: r.Duration(s + "ban.duration", TimeSpan.FromSeconds(1), TimeSpan.FromDays(365)));
    }
}
