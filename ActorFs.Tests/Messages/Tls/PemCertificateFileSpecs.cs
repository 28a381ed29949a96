using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;

namespace ActorFs.Tests.Messages.Tls;

public sealed class PemCertificateFileSpecs : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("actorfs-pem-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void A_saved_certificate_must_load_back_with_its_key_from_one_file_with_mode_0600()
    {
        using var original = SelfSignedCertificateFactory.Create("pem spec");
        var path = Path.Combine(folder.FullName, "node.pem");

        PemCertificateFile.Save(original, path);
        using var loaded = PemCertificateFile.Load(path);

        Assert.Equal(original.RawData, loaded.RawData);
        Assert.True(loaded.HasPrivateKey);
        AssertKeyMatches(loaded);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Single(folder.GetFiles());
    }

    public static TheoryData<string> KeyFormats => new() { "pkcs8-ec", "sec1-ec", "pkcs8-rsa", "pkcs1-rsa" };

    [Theory]
    [MemberData(nameof(KeyFormats))]
    public void One_pem_must_load_with_the_key_before_or_after_the_certificate(string format)
    {
        var (certificatePem, keyPem, der) = Material(format);

        using var keyFirst = PemCertificateFile.FromPem(keyPem + "\n" + certificatePem);
        using var certificateFirst = PemCertificateFile.FromPem(certificatePem + "\n" + keyPem);

        Assert.Equal(der, keyFirst.RawData);
        Assert.Equal(der, certificateFirst.RawData);
        AssertKeyMatches(keyFirst);
        AssertKeyMatches(certificateFirst);
    }

    [Fact]
    public void Separate_certificate_and_key_files_must_load()
    {
        var (certificatePem, keyPem, der) = Material("sec1-ec");
        var certificatePath = Path.Combine(folder.FullName, "cert.pem");
        var keyPath = Path.Combine(folder.FullName, "key.pem");
        File.WriteAllText(certificatePath, certificatePem);
        File.WriteAllText(keyPath, keyPem);

        using var loaded = PemCertificateFile.Load(certificatePath, keyPath);

        Assert.Equal(der, loaded.RawData);
        AssertKeyMatches(loaded);
    }

    [Fact]
    public void A_pem_without_a_key_must_be_refused()
    {
        var (certificatePem, _, _) = Material("pkcs8-ec");

        Assert.ThrowsAny<CryptographicException>(() => PemCertificateFile.FromPem(certificatePem));
    }

    [Fact]
    public void LoadOrCreate_must_generate_on_first_start_and_return_the_same_certificate_afterwards()
    {
        var path = Path.Combine(folder.FullName, "data", "tls", "node.pem");

        using var first = PemCertificateFile.LoadOrCreate(path, "ActorFs node", out var createdFirst);
        using var second = PemCertificateFile.LoadOrCreate(path, "ActorFs node", out var createdSecond);

        Assert.True(createdFirst);
        Assert.False(createdSecond);
        Assert.Equal(first.RawData, second.RawData);
        Assert.True(second.HasPrivateKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void An_exported_certificate_must_hold_the_public_certificate_only()
    {
        using var certificate = SelfSignedCertificateFactory.Create("export spec");
        var path = Path.Combine(folder.FullName, "export.pem");

        PemCertificateFile.ExportCertificate(certificate, path);
        var text = File.ReadAllText(path);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        var anchors = PemCertificateFile.LoadCertificates(path);
        Assert.Equal(certificate.RawData, Assert.Single(anchors).RawData);
    }

    /// <summary>Proves the loaded key is the certificate's: sign with it, verify with the public key.</summary>
    private static void AssertKeyMatches(X509Certificate2 certificate)
    {
        var data = "proof"u8.ToArray();
        using var ec = certificate.GetECDsaPrivateKey();
        if (ec is not null)
        {
            using var ecPublic = certificate.GetECDsaPublicKey()!;
            Assert.True(ecPublic.VerifyData(data, ec.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
            return;
        }

        using var rsa = certificate.GetRSAPrivateKey()!;
        using var rsaPublic = certificate.GetRSAPublicKey()!;
        var signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(rsaPublic.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static (string CertificatePem, string KeyPem, byte[] Der) Material(string format)
    {
        var subject = new X500DistinguishedName("CN=format " + format);
        var now = DateTimeOffset.UtcNow;
        if (format.EndsWith("-rsa", StringComparison.Ordinal))
        {
            using var rsa = RSA.Create(2048);
            using var rsaCertificate = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
            var rsaKey = format.StartsWith("pkcs8", StringComparison.Ordinal) ? rsa.ExportPkcs8PrivateKeyPem() : rsa.ExportRSAPrivateKeyPem();
            return (rsaCertificate.ExportCertificatePem(), rsaKey, rsaCertificate.RawData);
        }

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ecCertificate = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var ecKey = format.StartsWith("pkcs8", StringComparison.Ordinal) ? ec.ExportPkcs8PrivateKeyPem() : ec.ExportECPrivateKeyPem();
        return (ecCertificate.ExportCertificatePem(), ecKey, ecCertificate.RawData);
    }
}
