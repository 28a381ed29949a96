using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Messages.Tls;

/// <summary>
/// The SHA-256 fingerprint of a certificate's DER encoding: what a user compares by eye, what
/// <c>openssl x509 -fingerprint -sha256</c> prints, and what a client pins.
/// Equality is by value.
/// </summary>
public sealed record CertificateFingerprint
{
    private const int Length = 32;

    private readonly byte[] bytes;

    private CertificateFingerprint(byte[] bytes)
    {
        this.bytes = bytes;
        Hex = Convert.ToHexStringLower(bytes);
    }

    /// <summary>64 lowercase hex digits, e.g. <c>3f2a…</c>.</summary>
    public string Hex { get; }

    /// <summary>Colon-separated uppercase hex pairs, as OpenSSL prints them, e.g. <c>3F:2A:…</c>.</summary>
    public string ColonHex => string.Join(':', Enumerable.Range(0, Length).Select(i => bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The fingerprint of <paramref name="certificate"/>.</summary>
    public static CertificateFingerprint Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Of(certificate.GetRawCertData());
    }

    /// <summary>The fingerprint of a DER-encoded certificate.</summary>
    public static CertificateFingerprint Of(ReadOnlySpan<byte> der) => new(SHA256.HashData(der));

    /// <summary>
    /// Parses 64 hex digits in either case, with or without colons between the pairs, optionally
    /// preceded by OpenSSL's <c>sha256 Fingerprint=</c> or by <c>sha256:</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a SHA-256 fingerprint.</exception>
    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint)
            ? fingerprint
            : throw new FormatException("Not a SHA-256 fingerprint: expected 64 hex digits, optionally as colon-separated pairs.");

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim();
        var equals = s.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0 && s[..equals].Contains("fingerprint", StringComparison.OrdinalIgnoreCase))
        {
            s = s[(equals + 1)..].Trim();
        }
        else if (s.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            s = s["sha256:".Length..];
        }

        string hex;
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var pairs = s.Split(':');
            if (pairs.Length != Length || pairs.Any(p => p.Length != 2))
            {
                return false;
            }

            hex = string.Concat(pairs);
        }
        else
        {
            hex = s;
        }

        if (hex.Length != Length * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        fingerprint = new CertificateFingerprint(Convert.FromHexString(hex));
        return true;
    }

    /// <summary>Whether <paramref name="certificate"/> has this fingerprint.</summary>
    public bool Matches(X509Certificate certificate) => Equals(Of(certificate));

    /// <inheritdoc />
    public bool Equals(CertificateFingerprint? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(bytes, other.bytes);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(bytes, 0);

    /// <summary>The lowercase hex form, <see cref="Hex"/>.</summary>
    public override string ToString() => Hex;
}
