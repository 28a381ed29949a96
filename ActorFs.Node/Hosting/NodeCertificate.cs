using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;
using ActorFs.Node.Settings;

namespace ActorFs.Node.Hosting;

/// <summary>The node's TLS certificate: the operator's PEM, or one generated on first start and kept under the root.</summary>
internal sealed record NodeCertificate(X509Certificate2 Certificate, string PublicPemPath, bool Generated)
{
    public CertificateFingerprint Fingerprint => CertificateFingerprint.Of(Certificate);

    /// <summary>Where a generated certificate lives: inside the root's internal folder, which no command can address.</summary>
    public static string GeneratedPath(NodeSettings settings) => Path.Combine(settings.RootDirectory, ".actorfs", "tls", "node.pem");

    public static NodeCertificate Load(NodeSettings settings)
    {
        if (settings.Tls.CertificateFile is { } file)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"TLS certificate file not found: {file}", file);
            var given = PemCertificateFile.Load(file);
            return new NodeCertificate(given, ExportPublic(given, Path.ChangeExtension(file, null) + "-cert.pem", file), Generated: false);
        }
        var path = GeneratedPath(settings);
        var certificate = PemCertificateFile.LoadOrCreate(path, settings.Tls.Subject, out var created);
        return new NodeCertificate(certificate, ExportPublic(certificate, Path.Combine(Path.GetDirectoryName(path)!, "node-cert.pem"), path), created);
    }

    /// <summary>Writes the public certificate beside the key file (when that folder is writable) so clients can be given it.</summary>
    private static string ExportPublic(X509Certificate2 certificate, string publicPath, string keyPath)
    {
        try
        {
            if (!File.Exists(publicPath) || File.ReadAllText(publicPath) != PemCertificateFile.ToCertificatePem(certificate))
            {
                PemCertificateFile.ExportCertificate(certificate, publicPath);
            }
            return publicPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return keyPath;
        }
    }
}
