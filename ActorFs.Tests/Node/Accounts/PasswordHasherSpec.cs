using System.Collections.Immutable;
using ActorFs.Node.Accounts;

namespace ActorFs.Tests.Node.Accounts;

public sealed class PasswordHasherSpec
{
    private static readonly PasswordHasher Cheap = PasswordHasher.ForTests(1_000);

    [Fact]
    public void The_default_hasher_derives_at_least_600000_iterations_and_verifies_what_it_derived()
    {
        var hasher = new PasswordHasher();
        var hash = hasher.Hash("correct horse battery staple");

        Assert.True(hasher.Iterations >= 600_000);
        Assert.Equal(hasher.Iterations, hash.Iterations);
        Assert.True(hasher.Verify("correct horse battery staple", hash));
    }

    [Fact]
    public void A_hasher_below_the_minimum_can_only_be_made_for_tests()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(599_999));
        Assert.Equal(1_000, PasswordHasher.ForTests(1_000).Iterations);
    }

    [Fact]
    public void A_hash_carries_the_algorithm_the_iterations_a_16_byte_salt_and_32_bytes()
    {
        var hash = Cheap.Hash("secret");

        Assert.Equal("pbkdf2-sha256", hash.Algorithm);
        Assert.Equal(1_000, hash.Iterations);
        Assert.Equal(16, hash.Salt.Length);
        Assert.Equal(32, hash.Hash.Length);
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time_and_both_verify()
    {
        var first = Cheap.Hash("secret");
        var second = Cheap.Hash("secret");

        Assert.NotEqual(first, second);
        Assert.True(Cheap.Verify("secret", first));
        Assert.True(Cheap.Verify("secret", second));
    }

    [Theory]
    [InlineData("Secret")]
    [InlineData("secret ")]
    [InlineData("")]
    public void A_wrong_password_does_not_verify(string attempt) => Assert.False(Cheap.Verify(attempt, Cheap.Hash("secret")));

    [Fact]
    public void Verification_uses_the_stored_iteration_count_not_the_hashers()
    {
        var old = PasswordHasher.ForTests(500).Hash("secret");

        Assert.True(PasswordHasher.ForTests(2_000).Verify("secret", old));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_than_configured_needs_rehashing_and_an_equal_one_does_not()
    {
        var stronger = PasswordHasher.ForTests(2_000);

        Assert.True(stronger.NeedsRehash(Cheap.Hash("secret")));
        Assert.False(stronger.NeedsRehash(stronger.Hash("secret")));
        Assert.False(Cheap.NeedsRehash(stronger.Hash("secret")));
    }

    [Fact]
    public void A_hash_of_an_unknown_algorithm_or_a_bad_shape_never_verifies()
    {
        var good = Cheap.Hash("secret");

        Assert.False(Cheap.Verify("secret", good with { Algorithm = "md5" }));
        Assert.False(Cheap.Verify("secret", good with { Hash = good.Hash.RemoveAt(0) }));
        Assert.False(Cheap.Verify("secret", good with { Salt = ImmutableArray<byte>.Empty }));
        Assert.False(Cheap.Verify("secret", good with { Iterations = 0 }));
        Assert.True(Cheap.NeedsRehash(good with { Algorithm = "md5" }));
    }

    [Fact]
    public void The_dummy_verification_always_fails()
    {
        Assert.False(Cheap.DummyVerify("no account has this password"));
        Assert.False(Cheap.DummyVerify("anything"));
    }

    [Fact]
    public void A_hash_prints_without_its_salt_or_bytes()
    {
        var hash = Cheap.Hash("secret");

        Assert.Equal("PasswordHash { Algorithm = pbkdf2-sha256, Iterations = 1000 }", hash.ToString());
    }
}
