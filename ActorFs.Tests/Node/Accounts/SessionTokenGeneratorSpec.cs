using System.Security.Cryptography;
using System.Text;
using ActorFs.Node.Accounts;

namespace ActorFs.Tests.Node.Accounts;

public sealed class SessionTokenGeneratorSpec
{
    [Fact]
    public void A_token_is_32_random_bytes_in_unpadded_base64url()
    {
        var token = SessionTokenGenerator.Generate();

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token).Length);
        Assert.True(SessionTokenGenerator.IsWellFormed(token));
    }

    [Fact]
    public void Tokens_do_not_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SessionTokenGenerator.Generate()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void The_stored_form_of_a_token_is_its_sha256_in_lower_case_hex()
    {
        var token = SessionTokenGenerator.Generate();
        var hash = SessionTokenGenerator.Hash(token);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), hash);
        Assert.True(SessionTokenGenerator.IsHash(hash));
        Assert.False(SessionTokenGenerator.IsHash(hash.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void Junk_is_not_a_well_formed_token(string? token) => Assert.False(SessionTokenGenerator.IsWellFormed(token));
}
