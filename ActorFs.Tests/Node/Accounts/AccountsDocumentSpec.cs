using ActorFs.Node.Accounts;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Accounts;

public sealed class AccountsDocumentSpec
{
    internal static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    internal static readonly PasswordHasher Hasher = PasswordHasher.ForTests(100);
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(30);

    internal static AccountsDocument WithUsers(params string[] names) =>
        names.Aggregate(AccountsDocument.Empty, (doc, name) => doc.AddUser(name, Hasher.Hash("pw-" + name), UserOptions.Default, Now));

    private static VirtualPath P(string path) => VirtualPath.Parse(path);

    private static string NewTokenHash() => SessionTokenGenerator.Hash(SessionTokenGenerator.Generate());

    [Fact]
    public void An_added_user_has_its_options_its_home_and_the_time_it_was_created()
    {
        var options = new UserOptions(QuotaBytes: 1024, MaxFiles: 10, Admin: true);
        var document = AccountsDocument.Empty.AddUser("alice", Hasher.Hash("pw"), options, Now);

        var alice = document.GetUser("alice");
        Assert.Equal(options, alice.Options);
        Assert.Equal("/home/alice", alice.Home);
        Assert.Equal(Now, alice.CreatedUtc);
        Assert.Equal(Now, alice.PasswordChangedUtc);
        Assert.True(Hasher.Verify("pw", alice.Password));
        Assert.Empty(AccountsDocument.Empty.Users);
    }

    [Fact]
    public void Adding_a_taken_name_a_bad_name_or_bad_options_is_refused()
    {
        var document = WithUsers("alice");

        Assert.Equal(AccountError.UserExists, Assert.Throws<AccountException>(() => document.AddUser("alice", Hasher.Hash("x"), UserOptions.Default, Now)).Error);
        Assert.Equal(AccountError.InvalidName, Assert.Throws<AccountException>(() => document.AddUser("Bob", Hasher.Hash("x"), UserOptions.Default, Now)).Error);
        Assert.Equal(AccountError.InvalidValue, Assert.Throws<AccountException>(() => document.AddUser("bob", Hasher.Hash("x"), new UserOptions(QuotaBytes: -1), Now)).Error);
    }

    [Fact]
    public void Operations_on_an_unknown_user_are_refused_as_unknown()
    {
        var document = WithUsers("alice");

        Assert.Equal(AccountError.UnknownUser, Assert.Throws<AccountException>(() => document.RemoveUser("bob")).Error);
        Assert.Equal(AccountError.UnknownUser, Assert.Throws<AccountException>(() => document.SetPassword("bob", Hasher.Hash("x"), Now)).Error);
        Assert.Equal(AccountError.UnknownUser, Assert.Throws<AccountException>(() => document.SetUserOptions("bob", UserOptions.Default)).Error);
        Assert.Equal(AccountError.UnknownUser, Assert.Throws<AccountException>(() => document.IssueToken(NewTokenHash(), "bob", Now, Ttl)).Error);
        Assert.Equal(AccountError.UnknownUser, Assert.Throws<AccountException>(() => document.SetGrant(P("/shared"), "bob", GrantLevel.Read)).Error);
    }

    [Fact]
    public void Every_operation_leaves_the_document_it_was_called_on_unchanged()
    {
        var before = WithUsers("alice");
        var token = NewTokenHash();

        before.IssueToken(token, "alice", Now, Ttl);
        before.SetGrant(P("/shared"), "alice", GrantLevel.Write);
        before.RemoveUser("alice");

        Assert.Single(before.Users);
        Assert.Empty(before.Tokens);
        Assert.Empty(before.Access);
    }

    [Fact]
    public void Removing_a_user_drops_its_tokens_its_grants_and_the_records_in_its_home()
    {
        var document = WithUsers("alice", "bob")
            .IssueToken(NewTokenHash(), "alice", Now, Ttl)
            .IssueToken(NewTokenHash(), "bob", Now, Ttl)
            .SetGrant(P("/shared"), "alice", GrantLevel.Read)
            .SetGrant(P("/shared"), "bob", GrantLevel.Write)
            .SetGrant(P("/team"), "alice", GrantLevel.Manage)
            .SetGrant(P("/home/alice/docs"), "bob", GrantLevel.Read)
            .SetPublic(P("/home/alice/pub"), true)
            .SetGrant(P("/home/alice2"), "bob", GrantLevel.Read);

        var after = document.RemoveUser("alice");

        Assert.Equal(["bob"], after.Users.Keys);
        Assert.All(after.Tokens.Values, t => Assert.Equal("bob", t.User));
        Assert.Equal(["/home/alice2", "/shared"], after.Access.Keys);
        Assert.Equal(["bob"], after.Access["/shared"].Grants.Keys);
    }

    [Fact]
    public void Setting_a_password_stamps_the_time_and_revokes_only_that_users_tokens()
    {
        var aliceToken = NewTokenHash();
        var bobToken = NewTokenHash();
        var document = WithUsers("alice", "bob").IssueToken(aliceToken, "alice", Now, Ttl).IssueToken(bobToken, "bob", Now, Ttl);
        var later = Now.AddHours(1);

        var after = document.SetPassword("alice", Hasher.Hash("new"), later);

        Assert.True(Hasher.Verify("new", after.GetUser("alice").Password));
        Assert.Equal(later, after.GetUser("alice").PasswordChangedUtc);
        Assert.Null(after.FindToken(aliceToken, later));
        Assert.NotNull(after.FindToken(bobToken, later));
    }

    [Fact]
    public void A_rehash_replaces_the_hash_but_keeps_the_tokens_and_the_password_changed_time()
    {
        var token = NewTokenHash();
        var document = WithUsers("alice").IssueToken(token, "alice", Now, Ttl);

        var after = document.Rehash("alice", PasswordHasher.ForTests(200).Hash("pw-alice"));

        Assert.Equal(200, after.GetUser("alice").Password.Iterations);
        Assert.Equal(Now, after.GetUser("alice").PasswordChangedUtc);
        Assert.NotNull(after.FindToken(token, Now));
    }

    [Fact]
    public void Setting_options_replaces_them_and_disabling_revokes_the_users_tokens()
    {
        var token = NewTokenHash();
        var document = WithUsers("alice").IssueToken(token, "alice", Now, Ttl);

        var limited = document.SetUserOptions("alice", new UserOptions(QuotaBytes: 5, MaxFiles: 2, Admin: true));
        var disabled = limited.SetUserOptions("alice", limited.GetUser("alice").Options with { Disabled = true });

        Assert.Equal(new UserOptions(5, 2, true, false), limited.GetUser("alice").Options);
        Assert.NotNull(limited.FindToken(token, Now));
        Assert.True(disabled.GetUser("alice").Disabled);
        Assert.Null(disabled.FindToken(token, Now));
        Assert.Throws<AccountException>(() => disabled.IssueToken(NewTokenHash(), "alice", Now, Ttl));
    }

    [Fact]
    public void An_operation_that_changes_nothing_returns_the_same_document()
    {
        var document = WithUsers("alice").SetGrant(P("/shared"), "alice", GrantLevel.Read);

        Assert.Same(document, document.SetUserOptions("alice", UserOptions.Default));
        Assert.Same(document, document.RevokeToken(NewTokenHash()));
        Assert.Same(document, document.RemoveGrant(P("/elsewhere"), "alice"));
        Assert.Same(document, document.SetPublic(P("/shared"), null));
        Assert.Same(document, document.PruneExpiredTokens(Now));
        Assert.Same(document, document.RemoveAccessAtOrBelow(P("/elsewhere")));
    }

    [Fact]
    public void An_issued_token_is_found_by_its_hash_until_it_expires()
    {
        var token = NewTokenHash();
        var document = WithUsers("alice").IssueToken(token, "alice", Now, TimeSpan.FromHours(1));

        var found = document.FindToken(token, Now.AddMinutes(59));
        Assert.Equal(new TokenRecord(token, "alice", Now, Now.AddHours(1)), found);
        Assert.Null(document.FindToken(token, Now.AddHours(1)));
        Assert.Null(document.FindToken(NewTokenHash(), Now));
    }

    [Fact]
    public void A_revoked_token_is_gone()
    {
        var token = NewTokenHash();
        var document = WithUsers("alice").IssueToken(token, "alice", Now, Ttl);

        Assert.Null(document.RevokeToken(token).FindToken(token, Now));
    }

    [Fact]
    public void Expired_tokens_are_pruned_on_demand_and_whenever_a_token_is_issued()
    {
        var shortLived = NewTokenHash();
        var longLived = NewTokenHash();
        var document = WithUsers("alice", "bob")
            .IssueToken(shortLived, "alice", Now, TimeSpan.FromMinutes(5))
            .IssueToken(longLived, "bob", Now, Ttl);
        var later = Now.AddHours(1);

        Assert.Equal([longLived], document.PruneExpiredTokens(later).Tokens.Keys);
        Assert.DoesNotContain(shortLived, document.IssueToken(NewTokenHash(), "bob", later, Ttl).Tokens.Keys);
    }

    [Fact]
    public void A_user_keeps_at_most_a_hundred_tokens_losing_the_oldest_first()
    {
        var document = WithUsers("alice");
        var first = NewTokenHash();
        document = document.IssueToken(first, "alice", Now, Ttl);
        for (var i = 1; i <= AccountsDocument.MaxTokensPerUser; i++)
        {
            document = document.IssueToken(NewTokenHash(), "alice", Now.AddSeconds(i), Ttl);
        }

        Assert.Equal(AccountsDocument.MaxTokensPerUser, document.Tokens.Count);
        Assert.Null(document.FindToken(first, Now.AddMinutes(5)));
    }

    [Fact]
    public void A_token_is_stored_only_as_a_hash()
    {
        var document = WithUsers("alice");

        Assert.Throws<ArgumentException>(() => document.IssueToken(SessionTokenGenerator.Generate(), "alice", Now, Ttl));
    }

    [Fact]
    public void Grants_are_set_replaced_and_removed_per_path_and_user()
    {
        var document = WithUsers("alice", "bob")
            .SetGrant(P("/shared"), "alice", GrantLevel.Read)
            .SetGrant(P("/shared"), "bob", GrantLevel.Read)
            .SetGrant(P("/shared"), "alice", GrantLevel.Manage);

        Assert.Equal(GrantLevel.Manage, document.AccessAt(P("/shared")).Grants["alice"]);
        Assert.Equal(GrantLevel.Read, document.AccessAt(P("/shared")).Grants["bob"]);
        Assert.Equal(["bob"], document.RemoveGrant(P("/shared"), "alice").AccessAt(P("/shared")).Grants.Keys);
        Assert.Same(AccessRecord.Empty, document.AccessAt(P("/other")));
    }

    [Fact]
    public void A_record_that_loses_its_last_grant_and_its_flag_is_removed()
    {
        var document = WithUsers("alice").SetGrant(P("/shared"), "alice", GrantLevel.Read).SetPublic(P("/shared"), true);

        var noGrant = document.RemoveGrant(P("/shared"), "alice");
        Assert.Equal(new AccessRecord(AccessRecord.Empty.Grants, true), noGrant.AccessAt(P("/shared")));
        Assert.Empty(noGrant.SetPublic(P("/shared"), null).Access);
    }

    [Fact]
    public void The_public_flag_may_be_true_false_or_unset()
    {
        var document = WithUsers("alice");

        Assert.True(document.SetPublic(P("/pub"), true).AccessAt(P("/pub")).Public);
        Assert.False(document.SetPublic(P("/pub"), false).AccessAt(P("/pub")).Public);
        Assert.Empty(document.SetPublic(P("/pub"), true).SetPublic(P("/pub"), null).Access);
    }

    [Fact]
    public void Nothing_inside_the_internal_folder_can_carry_access()
    {
        var document = WithUsers("alice");

        Assert.Throws<AccountException>(() => document.SetGrant(P("/.actorfs/accounts"), "alice", GrantLevel.Read));
        Assert.Throws<AccountException>(() => document.SetPublic(P("/.actorfs"), true));
    }

    [Fact]
    public void Moving_carries_the_records_below_the_source_and_replaces_those_below_the_target()
    {
        var document = WithUsers("alice")
            .SetGrant(P("/a"), "alice", GrantLevel.Read)
            .SetGrant(P("/a/x/y"), "alice", GrantLevel.Write)
            .SetPublic(P("/ab"), true)
            .SetPublic(P("/b/old"), true);

        var after = document.MoveAccess(P("/a"), P("/b"));

        Assert.Equal(["/ab", "/b", "/b/x/y"], after.Access.Keys);
        Assert.Equal(GrantLevel.Write, after.AccessAt(P("/b/x/y")).Grants["alice"]);
        Assert.Throws<ArgumentException>(() => document.MoveAccess(P("/a"), P("/a/inner")));
    }

    [Fact]
    public void Deleting_drops_the_records_at_and_below_a_path_only()
    {
        var document = WithUsers("alice")
            .SetGrant(P("/a"), "alice", GrantLevel.Read)
            .SetGrant(P("/a/b"), "alice", GrantLevel.Read)
            .SetGrant(P("/ab"), "alice", GrantLevel.Read);

        Assert.Equal(["/ab"], document.RemoveAccessAtOrBelow(P("/a")).Access.Keys);
    }

    [Fact]
    public void A_user_record_prints_without_its_password_hash()
    {
        var text = WithUsers("alice").GetUser("alice").ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password =", text, StringComparison.Ordinal);
    }
}
