using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Session tokens: 32 random bytes as base64url (43 characters). The store keeps only their SHA-256 (lower-case
/// hex), so a copy of the store signs no one in. A hash of 256 random bits needs no salt or stretching.
/// </summary>
internal static class SessionTokenGenerator
{
    public const int TokenBytes = 32;

    /// <summary>Length of a token's text: 32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The SHA-256 of the token's text, as 64 lower-case hex digits: what the store keeps and looks up.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token this generator makes; lets callers refuse junk before hashing it.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Whether <paramref name="hash"/> is 64 lower-case hex digits, as <see cref="Hash"/> writes them.</summary>
    public static bool IsHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
