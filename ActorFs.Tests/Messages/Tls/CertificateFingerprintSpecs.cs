using System.Security.Cryptography;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Messages.Tls;

public sealed class CertificateFingerprintSpecs
{
    [Fact]
    public void A_fingerprint_must_be_the_SHA256_of_the_DER_certificate_in_both_notations()
    {
        var certificate = TestCertificates.NodeCertificate;
        var expected = SHA256.HashData(certificate.RawData);

        var fingerprint = CertificateFingerprint.Of(certificate);

        Assert.Equal(Convert.ToHexStringLower(expected), fingerprint.Hex);
        Assert.Equal(string.Join(':', expected.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), fingerprint.ColonHex);
        Assert.Equal(95, fingerprint.ColonHex.Length);
    }

    [Fact]
    public void Parse_must_read_either_notation_in_either_case_and_OpenSSL_output()
    {
        var fingerprint = CertificateFingerprint.Of(TestCertificates.NodeCertificate);

        Assert.Equal(fingerprint, CertificateFingerprint.Parse(fingerprint.Hex));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(fingerprint.Hex.ToUpperInvariant()));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(fingerprint.ColonHex));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(fingerprint.ColonHex.ToLowerInvariant()));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse("sha256 Fingerprint=" + fingerprint.ColonHex + "\n"));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse("SHA256:" + fingerprint.Hex));
        Assert.Equal(fingerprint.GetHashCode(), CertificateFingerprint.Parse(fingerprint.ColonHex).GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:000")]
    public void Parse_must_refuse_what_is_not_a_SHA256_fingerprint(string text)
    {
        Assert.False(CertificateFingerprint.TryParse(text, out _));
        Assert.Throws<FormatException>(() => CertificateFingerprint.Parse(text));
    }

    [RequiresExecutableFact("openssl")]
    public async Task The_colon_form_must_equal_what_openssl_prints()
    {
        var certificate = TestCertificates.NodeCertificate;
        var path = Path.Combine(Path.GetTempPath(), $"actorfs-fp-{Guid.NewGuid():N}.pem");
        try
        {
            PemCertificateFile.ExportCertificate(certificate, path);
            var result = await ProcessRunner.RunAsync("openssl", ["x509", "-in", path, "-noout", "-fingerprint", "-sha256"], Loopback.Deadline);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.EndsWith("=" + CertificateFingerprint.Of(certificate).ColonHex, result.StandardOutput.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
