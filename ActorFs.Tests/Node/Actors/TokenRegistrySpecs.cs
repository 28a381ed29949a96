using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using ActorFs.Node.Actors;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Actors;

public sealed class TokenRegistrySpecs : TestKit
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private readonly IActorRef _registry;
    private readonly TestProbe _session;
    private readonly TestProbe _transfer;

    public TokenRegistrySpecs() : base(VirtualTime())
    {
        _registry = Sys.ActorOf(TokenRegistry.Props(Ttl), "tokens");
        _session = CreateTestProbe("session");
        _transfer = CreateTestProbe("transfer");
    }

    private TransferGrant Grant(string path = "/docs/a.pdf") =>
        new(_session.Ref, _transfer.Ref, TransferDirection.Download, VirtualPath.Parse(path), 42);

    private TokenRegistry.Issued IssueOne(string path = "/docs/a.pdf")
    {
        _registry.Tell(new TokenRegistry.Issue(Grant(path)));
        return ExpectMsg<TokenRegistry.Issued>();
    }

    [Fact]
    public void A_token_is_at_least_256_bits_and_url_safe()
    {
        var issued = IssueOne();
        Assert.True(issued.Token.Length >= 43);
        Assert.Matches("^[A-Za-z0-9_-]+$", issued.Token);
    }

    [Fact]
    public void Every_transfer_gets_a_fresh_token()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => IssueOne().Token).ToHashSet();
        Assert.Equal(50, tokens.Count);
    }

    [Fact]
    public void A_token_redeems_once_to_the_grant_it_was_issued_for()
    {
        var issued = IssueOne("/x/y.bin");
        _registry.Tell(new TokenRegistry.Redeem(issued.Token, "127.0.0.1:1"));
        var redeemed = ExpectMsg<TokenRegistry.Redeemed>();
        Assert.Equal("/x/y.bin", redeemed.Grant.Path.Value);
        Assert.Equal(_transfer.Ref, redeemed.Grant.Transfer);

        _registry.Tell(new TokenRegistry.Redeem(issued.Token, "127.0.0.1:1"));
        Assert.Equal(TokenRegistry.RefusalReason.AlreadyUsed, ExpectMsg<TokenRegistry.Refused>().Reason);
    }

    [Fact]
    public void An_unknown_token_is_refused()
    {
        _registry.Tell(new TokenRegistry.Redeem("not-a-token", "127.0.0.1:1"));
        Assert.Equal(TokenRegistry.RefusalReason.Unknown, ExpectMsg<TokenRegistry.Refused>().Reason);
    }

    [Fact]
    public void A_token_is_still_good_just_before_its_lifetime_ends_and_refused_after()
    {
        var early = IssueOne();
        var late = IssueOne();
        Scheduler.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        _registry.Tell(new TokenRegistry.Redeem(early.Token, "peer"));
        ExpectMsg<TokenRegistry.Redeemed>();

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        _registry.Tell(new TokenRegistry.Redeem(late.Token, "peer"));
        var refused = ExpectMsg<TokenRegistry.Refused>();
        Assert.True(refused.Reason is TokenRegistry.RefusalReason.Expired or TokenRegistry.RefusalReason.Unknown);
    }

    [Fact]
    public void An_expired_unused_token_is_swept_and_its_transfer_told()
    {
        var issued = IssueOne();
        Scheduler.Advance(Ttl + TimeSpan.FromSeconds(10));
        Assert.Equal(issued.Token, _transfer.ExpectMsg<TokenRegistry.Expired>().Token);
    }

    [Fact]
    public void Tokens_of_an_ended_session_can_no_longer_be_redeemed()
    {
        var issued = IssueOne();
        _registry.Tell(new TokenRegistry.RevokeSession(_session.Ref));
        _registry.Tell(new TokenRegistry.Redeem(issued.Token, "peer"));
        Assert.Equal(TokenRegistry.RefusalReason.AlreadyUsed, ExpectMsg<TokenRegistry.Refused>().Reason);
    }
}
