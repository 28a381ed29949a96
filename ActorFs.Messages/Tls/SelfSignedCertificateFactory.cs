// Generates the node's self-signed certificate: a proper X.509 v3 CA certificate that strict
// verifiers (Python 3.13's VERIFY_X509_STRICT, `openssl verify -x509_strict`) accept as their own
// trust anchor, as LEGACY-PROTOCOL.md (Transport) requires.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Messages.Tls;

/// <summary>
/// Creates self-signed server certificates with every extension a strict X.509 verifier wants from a
/// certificate that is both the trust anchor and the server's leaf:
/// critical BasicConstraints CA:TRUE, critical KeyUsage (digitalSignature, keyCertSign),
/// SubjectKeyIdentifier, AuthorityKeyIdentifier (keyid = SKI), ExtendedKeyUsage serverAuth and a
/// SubjectAlternativeName with localhost, 127.0.0.1, ::1 and the machine's host name.
/// </summary>
/// <remarks>
/// The key is ECDSA P-256 (signature ecdsa-with-SHA256). Why not RSA: a P-256 key is generated in
/// microseconds rather than the tens to hundreds of milliseconds of RSA 3072 (first start stays fast),
/// its handshake signatures are cheaper for the server, the certificate is a third of the size, its
/// 128-bit security equals RSA 3072, and every client we care about (Python's ssl on OpenSSL 1.1.1+/3.x,
/// .NET, browsers) supports ecdsa_secp256r1_sha256 in TLS 1.2 and 1.3. KeyEncipherment is therefore
/// not set: it only applies to RSA key transport.
/// </remarks>
public static class SelfSignedCertificateFactory
{
    /// <summary>The default validity: ten years from one day before the moment of creation.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3652);

    /// <summary>How far notBefore is backdated, so that clients with a slightly late clock accept it.</summary>
    public static readonly TimeSpan Backdating = TimeSpan.FromDays(1);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// Creates a certificate with its private key for the subject CN <paramref name="commonName"/>,
    /// valid from one day before <paramref name="now"/> (default: the current time) for
    /// <paramref name="validity"/> (default: <see cref="DefaultValidity"/>).
    /// </summary>
    /// <param name="commonName">The subject's common name, e.g. "ActorFs node vm".</param>
    /// <param name="now">The creation time; tests pass a fixed one.</param>
    /// <param name="validity">How long the certificate stays valid after <paramref name="now"/>.</param>
    /// <param name="additionalDnsNames">Extra DNS names for the SubjectAlternativeName.</param>
    public static X509Certificate2 Create(
        string commonName,
        DateTimeOffset? now = null,
        TimeSpan? validity = null,
        IEnumerable<string>? additionalDnsNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var createdAt = now ?? DateTimeOffset.UtcNow;
        var notBefore = createdAt - Backdating;
        var notAfter = createdAt + (validity ?? DefaultValidity);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subjectBuilder = new X500DistinguishedNameBuilder();
        subjectBuilder.AddCommonName(commonName);
        var subject = subjectBuilder.Build();

        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid, "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(BuildSubjectAlternativeName(additionalDnsNames));

        var generator = X509SignatureGenerator.CreateForECDsa(key);
        using var withoutKey = request.Create(subject, generator, notBefore, notAfter, RandomSerialNumber());
        return withoutKey.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A positive 16-byte serial number (RFC 5280 allows up to 20 octets) whose first octet is
    /// non-zero, so its DER encoding needs no padding and no two generated certificates share one.
    /// </summary>
    private static byte[] RandomSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static X509Extension BuildSubjectAlternativeName(IEnumerable<string>? additionalDnsNames)
    {
        var names = new List<string> { "localhost" };
        var hostName = SafeHostName();
        if (hostName is not null)
        {
            names.Add(hostName);
        }

        if (additionalDnsNames is not null)
        {
            names.AddRange(additionalDnsNames);
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        builder.AddIpAddress(IPAddress.Loopback);
        builder.AddIpAddress(IPAddress.IPv6Loopback);
        return builder.Build(critical: false);
    }

    /// <summary>The machine's host name when it is a usable DNS name, otherwise null.</summary>
    private static string? SafeHostName()
    {
        try
        {
            var name = Dns.GetHostName();
            if (string.IsNullOrWhiteSpace(name) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return Uri.CheckHostName(name) == UriHostNameType.Dns ? name : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
