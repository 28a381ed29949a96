using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Messages.Tls;

public sealed class SelfSignedCertificateFactorySpecs
{
    [Fact]
    public void A_generated_certificate_must_be_a_critical_v3_CA_certificate_with_SKI_AKI_and_serverAuth()
    {
        using var certificate = SelfSignedCertificateFactory.Create("ActorFs node spec");

        Assert.Equal(3, certificate.Version);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=ActorFs node spec", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);

        var basic = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(basic.Critical);
        Assert.True(basic.CertificateAuthority);

        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature));
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));

        var ski = Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        var aki = Assert.Single(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.NotNull(ski.SubjectKeyIdentifier);
        Assert.Equal(Convert.FromHexString(ski.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());

        var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Contains(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");

        var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(Dns.GetHostName(), san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains(IPAddress.IPv6Loopback, san.EnumerateIPAddresses());
    }

    [Fact]
    public void A_generated_certificate_must_be_valid_for_ten_years_from_one_day_ago()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var certificate = SelfSignedCertificateFactory.Create("ActorFs node spec", now);

        Assert.Equal(now.UtcDateTime.AddDays(-1), certificate.NotBefore.ToUniversalTime());
        Assert.True(certificate.NotAfter.ToUniversalTime() >= now.UtcDateTime.AddYears(10).AddDays(-1));
    }

    [Fact]
    public void Two_generated_certificates_must_have_different_positive_serial_numbers()
    {
        using var first = SelfSignedCertificateFactory.Create("a");
        using var second = SelfSignedCertificateFactory.Create("a");

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Equal(16, first.GetSerialNumber().Length);
        Assert.True(first.SerialNumberBytes.Span[0] < 0x80);
    }

    [Fact]
    public void A_generated_certificate_must_chain_to_itself_as_a_custom_root()
    {
        using var certificate = SelfSignedCertificateFactory.Create("ActorFs node spec");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));

        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [RequiresExecutableFact("openssl")]
    public async Task Openssl_verify_x509_strict_must_accept_the_certificate_as_its_own_anchor()
    {
        using var certificate = SelfSignedCertificateFactory.Create("ActorFs node spec");
        var path = Path.Combine(Path.GetTempPath(), $"actorfs-cert-{Guid.NewGuid():N}.pem");
        try
        {
            PemCertificateFile.ExportCertificate(certificate, path);

            var result = await ProcessRunner.RunAsync(
                "openssl",
                ["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", path, path],
                Loopback.Deadline);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(": OK", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
