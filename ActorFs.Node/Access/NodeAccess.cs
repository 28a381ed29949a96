using ActorFs.Actors;
using ActorFs.Node.Quotas;

namespace ActorFs.Node.Access;

/// <summary>
/// What every session shares about accounts: the published access view, the usage ledger and the accounts
/// actor that changes them. <see cref="WithoutAccounts"/> is a node with no account store at all.
/// </summary>
internal sealed record NodeAccess(AccessViewSource Views, QuotaLedger Ledger, IActorRef Accounts)
{
    public static NodeAccess WithoutAccounts(AnonymousAccess anonymous = AnonymousAccess.Auto) =>
        new(new AccessViewSource(AccessView.WithoutAccounts(anonymous)), new QuotaLedger(), ActorRefs.Nobody);

    public bool HasAccountStore => !Accounts.IsNobody();

    /// <summary>The quota limits of <paramref name="user"/> as they are now (unlimited for an unknown user).</summary>
    public QuotaLimits LimitsOf(string user) => Views.Current.FindUser(user) is { } u
        ? new QuotaLimits(u.QuotaBytes, u.MaxFiles)
        : QuotaLimits.Unlimited;
}
