// Reading and writing the node's certificate and key as PEM: one combined file (key and certificate
// in either order) or separate files, owner-only permissions, atomic replacement, and the
// "generate on first start and keep under the data folder" behaviour of LoadOrCreate.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorFs.Messages.Tls;

/// <summary>
/// Loads and saves certificates with private keys in PEM form. Keys may be PKCS#8
/// (<c>PRIVATE KEY</c>), PKCS#1 (<c>RSA PRIVATE KEY</c>) or SEC1 (<c>EC PRIVATE KEY</c>); encrypted
/// keys are not supported. Every certificate returned with a key is ready for
/// <see cref="System.Net.Security.SslStream"/> (see <see cref="PrepareForServer"/>).
/// </summary>
public static class PemCertificateFile
{
    /// <summary>Owner read and write only (0600): the file holds a private key.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Loads a certificate and its private key from one PEM file holding both, in either order.
    /// When the file holds several certificates, the first is the server's.
    /// </summary>
    /// <exception cref="CryptographicException">The file lacks a certificate or a matching key.</exception>
    public static X509Certificate2 Load(string pemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pemPath);
        return FromPem(File.ReadAllText(pemPath));
    }

    /// <summary>Loads a certificate and its private key from separate PEM files.</summary>
    public static X509Certificate2 Load(string certificatePemPath, string keyPemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePemPath);
        ArgumentException.ThrowIfNullOrEmpty(keyPemPath);
        using var loaded = X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);
        return PrepareForServer(loaded);
    }

    /// <summary>Parses PEM text holding a certificate and its private key, in either order.</summary>
    public static X509Certificate2 FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        // CreateFromPem takes the first CERTIFICATE block from the first argument and the single
        // private-key block from the second, skipping blocks with other labels: so the whole text
        // serves as both, whatever the order of the blocks.
        using var loaded = X509Certificate2.CreateFromPem(pem, pem);
        return PrepareForServer(loaded);
    }

    /// <summary>
    /// Loads every certificate (no keys) from a PEM file, e.g. a trust anchor a user gives the client.
    /// </summary>
    public static X509Certificate2Collection LoadCertificates(string pemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pemPath);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(pemPath);
        if (collection.Count == 0)
        {
            throw new CryptographicException($"No certificate found in '{pemPath}'.");
        }

        return collection;
    }

    /// <summary>
    /// Re-imports a certificate with its key through PKCS#12, so that SslStream gets a key it can use
    /// for the lifetime of the process: keys attached by CreateFromPem/CopyWithPrivateKey are
    /// ephemeral, which SslStream rejects on some platforms and handles poorly on others.
    /// Returns a new instance; the caller keeps owning <paramref name="certificate"/>.
    /// </summary>
    public static X509Certificate2 PrepareForServer(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException("The certificate has no private key.");
        }

        var pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
        }
    }

    /// <summary>The certificate alone as PEM (<c>-----BEGIN CERTIFICATE-----</c>), with a final newline.</summary>
    public static string ToCertificatePem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The private key (PKCS#8) followed by the certificate, as one PEM text.</summary>
    public static string ToPemWithKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
            ?? throw new CryptographicException("The certificate has no ECDSA or RSA private key.");
        var builder = new StringBuilder();
        builder.Append(key.ExportPkcs8PrivateKeyPem()).Append('\n');
        builder.Append(certificate.ExportCertificatePem()).Append('\n');
        return builder.ToString();
    }

    /// <summary>
    /// Saves the certificate and its private key into one PEM file with mode 0600, atomically: the
    /// text goes to a temporary file in the same folder, is flushed to disk, and is renamed over
    /// <paramref name="path"/>, so a reader never sees a partial file.
    /// </summary>
    public static void Save(X509Certificate2 certificate, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        WriteAtomically(path, ToPemWithKey(certificate), PrivateFileMode, overwrite: true);
    }

    /// <summary>
    /// Writes the public certificate alone as PEM (for <c>actorfs-node cert export FILE</c>), mode
    /// 0644, atomically.
    /// </summary>
    public static void ExportCertificate(X509Certificate2 certificate, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        const UnixFileMode publicMode = PrivateFileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        WriteAtomically(path, ToCertificatePem(certificate), publicMode, overwrite: true);
    }

    /// <summary>
    /// The node's start-up behaviour: loads the combined PEM at <paramref name="path"/> if it exists;
    /// otherwise generates a certificate for <paramref name="subjectCommonName"/>, saves it there
    /// (creating the folder with mode 0700 if needed) and returns it. If another process creates the
    /// file at the same moment, its certificate wins and is returned, so all agree on one.
    /// </summary>
    /// <param name="created">True when this call generated the certificate.</param>
    public static X509Certificate2 LoadOrCreate(string path, string subjectCommonName, out bool created)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        created = false;
        if (File.Exists(path))
        {
            return Load(path);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, PrivateDirectoryMode);
            }
        }

        using var generated = SelfSignedCertificateFactory.Create(subjectCommonName);
        if (!WriteAtomically(path, ToPemWithKey(generated), PrivateFileMode, overwrite: false))
        {
            return Load(path);
        }

        created = true;
        return PrepareForServer(generated);
    }

    /// <summary>Like <see cref="LoadOrCreate(string, string, out bool)"/>, without saying which happened.</summary>
    public static X509Certificate2 LoadOrCreate(string path, string subjectCommonName) =>
        LoadOrCreate(path, subjectCommonName, out _);

    /// <summary>Returns false when <paramref name="overwrite"/> is false and the target already exists.</summary>
    private static bool WriteAtomically(string path, string text, UnixFileMode mode, bool overwrite)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? ".";
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                var bytes = Encoding.ASCII.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (overwrite)
            {
                File.Move(temporary, fullPath, overwrite: true);
                return true;
            }

            // On Unix, a move without overwrite is link(2) then unlink(2): it fails atomically when
            // the name exists, unlike a check followed by rename(2).
            try
            {
                File.Move(temporary, fullPath, overwrite: false);
            }
            catch (IOException) when (File.Exists(fullPath))
            {
                return false;
            }

            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
