using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorFs.Messages.Tls;

/// <summary>
/// Builds SslStream options with ActorFs's rules: TLS 1.2 minimum, 1.3 allowed (and negotiated when
/// both sides have it), no client certificates, no revocation checks (self-signed nodes have no CRL).
/// </summary>
public static class TlsOptions
{
    /// <summary>The protocols ActorFs speaks: TLS 1.2 and TLS 1.3.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Options for a server presenting <paramref name="certificate"/> (with its private key, e.g. from
    /// <see cref="PemCertificateFile"/>). <paramref name="intermediates"/> are sent along when the
    /// certificate is not self-signed. The chain is built offline: no network fetches at start.
    /// </summary>
    public static SslServerAuthenticationOptions ForServer(X509Certificate2 certificate, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("A server certificate needs its private key.", nameof(certificate));
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
            AllowRenegotiation = false,
        };
    }

    /// <summary>
    /// Options for a client whose trust decision is made by <paramref name="validator"/>.
    /// <paramref name="targetHost"/> is sent as SNI when it is a DNS name; the default (empty) sends
    /// no SNI, like the legacy client.
    /// </summary>
    public static SslClientAuthenticationOptions ForClient(ServerCertificateValidator validator, string targetHost = "")
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(targetHost);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
            AllowRenegotiation = false,
            RemoteCertificateValidationCallback = validator.Validate,
        };
    }

    /// <summary>Options for a client applying <paramref name="policy"/>, when the outcome is not needed.</summary>
    public static SslClientAuthenticationOptions ForClient(ServerCertificatePolicy policy, string targetHost = "") =>
        ForClient(new ServerCertificateValidator(policy), targetHost);
}
