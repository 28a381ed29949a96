// How a client decides whether to trust the certificate a node presents: pin a certificate, pin a
// fingerprint, trust given anchors, or accept anything. Host names are not checked unless asked,
// because the legacy client checks none (LEGACY-PROTOCOL.md, Transport).
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Messages.Tls;

/// <summary>
/// A rule that accepts or refuses the certificate a server presents. Create one with the static
/// factories; use it through <see cref="ServerCertificateValidator"/>.
/// </summary>
public abstract class ServerCertificatePolicy
{
    private protected ServerCertificatePolicy()
    {
    }

    /// <summary>Accepts exactly this certificate (byte-for-byte DER match) and nothing else.</summary>
    public static ServerCertificatePolicy PinCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new PinnedFingerprint(CertificateFingerprint.Of(certificate), certificate.RawData, "the pinned certificate");
    }

    /// <summary>Accepts the certificate whose SHA-256 fingerprint is <paramref name="fingerprint"/>.</summary>
    public static ServerCertificatePolicy PinFingerprint(CertificateFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return new PinnedFingerprint(fingerprint, null, "the pinned fingerprint " + fingerprint.ColonHex);
    }

    /// <summary>
    /// Accepts a certificate whose chain ends at one of <paramref name="anchors"/> (custom root trust,
    /// no revocation check). With <paramref name="alsoTrustSystemRoots"/>, a chain the platform already
    /// trusts is accepted too, as the legacy client does. With <paramref name="checkHostName"/>, a
    /// certificate that does not name the target host is refused.
    /// </summary>
    public static ServerCertificatePolicy TrustAnchors(X509Certificate2Collection anchors, bool alsoTrustSystemRoots = false, bool checkHostName = false)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors.Count == 0)
        {
            throw new ArgumentException("At least one trust anchor is needed.", nameof(anchors));
        }

        return new Anchored([.. anchors], alsoTrustSystemRoots, checkHostName);
    }

    /// <summary>Accepts a certificate whose chain ends at a certificate in the PEM file <paramref name="pemPath"/>.</summary>
    public static ServerCertificatePolicy TrustAnchorPem(string pemPath, bool alsoTrustSystemRoots = false, bool checkHostName = false) =>
        TrustAnchors(PemCertificateFile.LoadCertificates(pemPath), alsoTrustSystemRoots, checkHostName);

    /// <summary>Accepts any certificate (for <c>--insecure</c>); the outcome still records its fingerprint.</summary>
    public static ServerCertificatePolicy Insecure { get; } = new AcceptAll();

    /// <summary>
    /// Judges <paramref name="presented"/>. <paramref name="chain"/> and <paramref name="errors"/> are
    /// what SslStream computed with the platform's trust store; policies may ignore them.
    /// </summary>
    public abstract ServerCertificateValidation Validate(X509Certificate2 presented, X509Chain? chain, SslPolicyErrors errors);

    private sealed class PinnedFingerprint(CertificateFingerprint fingerprint, byte[]? der, string what) : ServerCertificatePolicy
    {
        public override ServerCertificateValidation Validate(X509Certificate2 presented, X509Chain? chain, SslPolicyErrors errors)
        {
            var actual = CertificateFingerprint.Of(presented);
            var matches = der is null ? actual.Equals(fingerprint) : presented.RawData.AsSpan().SequenceEqual(der);
            return matches
                ? ServerCertificateValidation.Accept(presented, actual, "matches " + what)
                : ServerCertificateValidation.Refuse(presented, actual, $"the node presented fingerprint {actual.ColonHex}, which is not {what}");
        }
    }

    private sealed class Anchored(X509Certificate2[] anchors, bool alsoTrustSystemRoots, bool checkHostName) : ServerCertificatePolicy
    {
        public override ServerCertificateValidation Validate(X509Certificate2 presented, X509Chain? chain, SslPolicyErrors errors)
        {
            var actual = CertificateFingerprint.Of(presented);
            if (checkHostName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return ServerCertificateValidation.Refuse(presented, actual, "the certificate does not name the host");
            }

            if (alsoTrustSystemRoots && !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            {
                return ServerCertificateValidation.Accept(presented, actual, "trusted by the system's certificate store");
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.DisableCertificateDownloads = true;
            custom.ChainPolicy.CustomTrustStore.AddRange(anchors);
            if (chain is not null)
            {
                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            }

            if (custom.Build(presented))
            {
                return ServerCertificateValidation.Accept(presented, actual, "chains to a trusted anchor");
            }

            var problems = string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return ServerCertificateValidation.Refuse(
                presented,
                actual,
                $"the node presented fingerprint {actual.ColonHex}, which does not chain to a trusted anchor ({problems})");
        }
    }

    private sealed class AcceptAll : ServerCertificatePolicy
    {
        public override ServerCertificateValidation Validate(X509Certificate2 presented, X509Chain? chain, SslPolicyErrors errors) =>
            ServerCertificateValidation.Accept(presented, CertificateFingerprint.Of(presented), "accepted without validation (insecure)");
    }
}

/// <summary>
/// The outcome of judging a server's certificate: whether it was accepted, the fingerprint of what
/// was presented (so a client can say "the node presented fingerprint X"), and why.
/// </summary>
/// <param name="Accepted">Whether the handshake may go on.</param>
/// <param name="PresentedFingerprint">The SHA-256 fingerprint of the presented certificate, or null when none was presented.</param>
/// <param name="PresentedCertificate">The presented certificate (a copy owned by the outcome), or null.</param>
/// <param name="Reason">A short human explanation.</param>
public sealed record ServerCertificateValidation(
    bool Accepted,
    CertificateFingerprint? PresentedFingerprint,
    X509Certificate2? PresentedCertificate,
    string Reason)
{
    /// <summary>An acceptance of <paramref name="presented"/>.</summary>
    public static ServerCertificateValidation Accept(X509Certificate2 presented, CertificateFingerprint fingerprint, string reason) =>
        new(true, fingerprint, presented, reason);

    /// <summary>A refusal of <paramref name="presented"/>.</summary>
    public static ServerCertificateValidation Refuse(X509Certificate2 presented, CertificateFingerprint fingerprint, string reason) =>
        new(false, fingerprint, presented, reason);

    /// <summary>The refusal when the server presented no certificate at all.</summary>
    public static ServerCertificateValidation NoCertificate { get; } = new(false, null, null, "the node presented no certificate");
}

/// <summary>
/// Applies a <see cref="ServerCertificatePolicy"/> as SslStream's validation callback and keeps the
/// last outcome, so that after a refused handshake (an AuthenticationException) the client can show
/// the presented fingerprint, or offer to trust it on first use. Use one per connection attempt.
/// </summary>
public sealed class ServerCertificateValidator(ServerCertificatePolicy policy)
{
    private volatile ServerCertificateValidation? lastOutcome;

    /// <summary>The policy applied.</summary>
    public ServerCertificatePolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>The outcome of the latest validation, or null before any handshake reached it.</summary>
    public ServerCertificateValidation? LastOutcome => lastOutcome;

    /// <summary>The method to use as <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ServerCertificateValidation outcome;
        if (certificate is null)
        {
            outcome = ServerCertificateValidation.NoCertificate;
        }
        else
        {
            // Copy: SslStream disposes the certificates it hands to the callback.
            var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            outcome = Policy.Validate(presented, chain, errors);
        }

        lastOutcome = outcome;
        return outcome.Accepted;
    }
}
