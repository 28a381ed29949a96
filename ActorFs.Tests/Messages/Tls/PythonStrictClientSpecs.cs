using System.Net.Security;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Messages.Tls;

/// <summary>
/// The legacy client's transport (LEGACY-PROTOCOL.md): Python's ssl, the node's PEM as cafile, strict
/// X.509, no host name check, no SNI, and a close without close_notify.
/// </summary>
public sealed class PythonStrictClientSpecs
{
    private const string Client = """
        import socket, ssl, sys
        ctx = ssl.create_default_context(cafile=sys.argv[1])
        ctx.check_hostname = False
        ctx.verify_flags |= ssl.VERIFY_X509_STRICT
        if hasattr(ssl, "VERIFY_X509_PARTIAL_CHAIN"):
            ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
        raw = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=15)
        s = ctx.wrap_socket(raw)
        s.sendall(b"ping")
        reply = b""
        while len(reply) < 4:
            chunk = s.recv(4 - len(reply))
            if not chunk:
                break
            reply += chunk
        print(s.version(), reply.decode())
        s.close()
        """;

    [RequiresExecutableFact("python3")]
    public async Task Python_ssl_with_VERIFY_X509_STRICT_must_complete_a_handshake_and_its_close_must_read_as_end_of_stream()
    {
        using var certificate = PemCertificateFile.PrepareForServer(SelfSignedCertificateFactory.Create("ActorFs python spec"));
        var folder = Directory.CreateTempSubdirectory("actorfs-python-");
        try
        {
            var cafile = Path.Combine(folder.FullName, "node.pem");
            var script = Path.Combine(folder.FullName, "client.py");
            PemCertificateFile.ExportCertificate(certificate, cafile);
            await File.WriteAllTextAsync(script, Client);
            using var listener = Loopback.Listen();

            var serve = ServeOneAsync(listener, TlsOptions.ForServer(certificate));
            var run = ProcessRunner.RunAsync("python3", [script, cafile, Loopback.EndPointOf(listener).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], Loopback.Deadline);

            var result = await run;
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Matches("^TLSv1\\.[23] ping", result.StandardOutput);
            var (received, endedCleanly) = await serve.WaitAsync(Loopback.Deadline);
            Assert.Equal("ping", received);
            Assert.True(endedCleanly);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(string Received, bool EndedCleanly)> ServeOneAsync(System.Net.Sockets.Socket listener, SslServerAuthenticationOptions options)
    {
        using var accepted = await listener.AcceptAsync().WaitAsync(Loopback.Deadline);
        await using var ssl = await TlsHandshake.AuthenticateAsServerAsync(
            new System.Net.Sockets.NetworkStream(accepted), options, Loopback.Deadline, CancellationToken.None);
        var ping = await Loopback.ReadUpToAsync(ssl, 4);
        await ssl.WriteAsync(ping);
        var rest = await Loopback.ReadToEndAsync(ssl);
        return (System.Text.Encoding.ASCII.GetString(ping), rest.Length == 0);
    }
}
