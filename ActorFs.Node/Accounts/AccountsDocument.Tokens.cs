using System.Collections.Immutable;

namespace ActorFs.Node.Accounts;

/// <summary>Session tokens: issued on password sign-in, revoked by logout, a password change or disabling the account.</summary>
internal sealed partial class AccountsDocument
{
    /// <summary>Most live tokens one user keeps; issuing another drops that user's oldest, so repeated sign-ins cannot grow the store without bound.</summary>
    public const int MaxTokensPerUser = 100;

    /// <summary>Records a new token for <paramref name="user"/>, valid for <paramref name="ttl"/>; expired tokens of every user are pruned on the way.</summary>
    public AccountsDocument IssueToken(string tokenHash, string user, DateTime nowUtc, TimeSpan ttl)
    {
        if (!SessionTokenGenerator.IsHash(tokenHash))
        {
            throw new ArgumentException("A token is stored as its SHA-256 in lower-case hex.", nameof(tokenHash));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        if (GetUser(user).Disabled)
        {
            throw new AccountException(AccountError.InvalidValue, $"The account '{user}' is disabled.");
        }

        var tokens = PruneExpiredTokens(nowUtc).Tokens;
        var theirs = tokens.Values.Where(t => t.User == user).OrderBy(t => t.IssuedUtc).ToList();
        foreach (var oldest in theirs.Take(Math.Max(0, theirs.Count - MaxTokensPerUser + 1)))
        {
            tokens = tokens.Remove(oldest.Hash);
        }

        return With(tokens: tokens.SetItem(tokenHash, new TokenRecord(tokenHash, user, nowUtc, nowUtc + ttl)));
    }

    /// <summary>Forgets a token; an unknown one changes nothing.</summary>
    public AccountsDocument RevokeToken(string tokenHash) => With(tokens: Tokens.Remove(tokenHash));

    /// <summary>The live token with this hash, or null when there is none or it has expired.</summary>
    public TokenRecord? FindToken(string tokenHash, DateTime nowUtc) =>
        Tokens.TryGetValue(tokenHash, out var token) && !token.IsExpired(nowUtc) ? token : null;

    /// <summary>Drops every expired token; returns this instance when none has expired.</summary>
    public AccountsDocument PruneExpiredTokens(DateTime nowUtc) => With(tokens: TokensWithout(t => t.IsExpired(nowUtc)));

    private ImmutableSortedDictionary<string, TokenRecord> TokensWithout(Func<TokenRecord, bool> predicate)
    {
        var doomed = Tokens.Values.Where(predicate).Select(t => t.Hash).ToList();
        return doomed.Count == 0 ? Tokens : Tokens.RemoveRange(doomed);
    }
}
