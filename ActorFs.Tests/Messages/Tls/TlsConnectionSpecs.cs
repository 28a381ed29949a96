using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorFs.Messages.Tls;
using ActorFs.Tests.Support;

namespace ActorFs.Tests.Messages.Tls;

/// <summary>Client policies, protocol versions and handshake deadlines against a real SslStream server on loopback.</summary>
public sealed class TlsConnectionSpecs
{
    private static X509Certificate2 Node => TestCertificates.NodeCertificate;

    [Fact]
    public async Task A_pinned_certificate_must_be_accepted_although_the_host_name_does_not_match()
    {
        var validator = new ServerCertificateValidator(ServerCertificatePolicy.PinCertificate(Node));

        var (client, server) = await HandshakeAsync(TlsOptions.ForServer(Node), TlsOptions.ForClient(validator, "not-the-node.example"));

        Assert.Null(client);
        Assert.Null(server);
        Assert.True(validator.LastOutcome!.Accepted);
        Assert.Equal(CertificateFingerprint.Of(Node), validator.LastOutcome.PresentedFingerprint);
    }

    [Fact]
    public async Task A_pinned_fingerprint_must_be_accepted()
    {
        var validator = new ServerCertificateValidator(ServerCertificatePolicy.PinFingerprint(CertificateFingerprint.Parse(CertificateFingerprint.Of(Node).ColonHex)));

        var (client, _) = await HandshakeAsync(TlsOptions.ForServer(Node), TlsOptions.ForClient(validator));

        Assert.Null(client);
        Assert.True(validator.LastOutcome!.Accepted);
    }

    public static TheoryData<string> RefusingPolicies => new() { "certificate", "fingerprint", "anchor" };

    [Theory]
    [MemberData(nameof(RefusingPolicies))]
    public async Task Another_certificate_must_be_refused_and_the_outcome_must_name_its_fingerprint(string pinned)
    {
        var other = TestCertificates.OtherCertificate;
        var policy = pinned switch
        {
            "certificate" => ServerCertificatePolicy.PinCertificate(other),
            "fingerprint" => ServerCertificatePolicy.PinFingerprint(CertificateFingerprint.Of(other)),
            _ => ServerCertificatePolicy.TrustAnchors([X509CertificateLoader.LoadCertificate(other.RawData)]),
        };
        var validator = new ServerCertificateValidator(policy);

        var (client, _) = await HandshakeAsync(TlsOptions.ForServer(Node), TlsOptions.ForClient(validator));

        Assert.IsType<AuthenticationException>(client);
        var outcome = validator.LastOutcome!;
        Assert.False(outcome.Accepted);
        Assert.Equal(CertificateFingerprint.Of(Node), outcome.PresentedFingerprint);
        Assert.Contains(CertificateFingerprint.Of(Node).ColonHex, outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_certificate_given_as_a_PEM_anchor_must_be_trusted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"actorfs-anchor-{Guid.NewGuid():N}.pem");
        try
        {
            PemCertificateFile.ExportCertificate(Node, path);
            var validator = new ServerCertificateValidator(ServerCertificatePolicy.TrustAnchorPem(path));

            var (client, _) = await HandshakeAsync(TlsOptions.ForServer(Node), TlsOptions.ForClient(validator));

            Assert.Null(client);
            Assert.True(validator.LastOutcome!.Accepted, validator.LastOutcome.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_insecure_policy_must_accept_any_certificate_and_still_record_its_fingerprint()
    {
        var validator = new ServerCertificateValidator(ServerCertificatePolicy.Insecure);

        var (client, _) = await HandshakeAsync(TlsOptions.ForServer(Node), TlsOptions.ForClient(validator));

        Assert.Null(client);
        Assert.Equal(CertificateFingerprint.Of(Node), validator.LastOutcome!.PresentedFingerprint);
    }

    [Fact]
    public async Task TLS_1_3_must_be_negotiated_when_both_sides_have_it_and_TLS_1_2_must_be_accepted()
    {
        var both = await NegotiatedAsync(TlsOptions.Protocols);
        var twelve = await NegotiatedAsync(SslProtocols.Tls12);

        Assert.Equal(SslProtocols.Tls13, both);
        Assert.Equal(SslProtocols.Tls12, twelve);
    }

    [Fact]
    public async Task A_client_restricted_to_TLS_1_1_must_be_refused()
    {
        var options = TlsOptions.ForClient(ServerCertificatePolicy.Insecure);
#pragma warning disable CA5397, SYSLIB0039 // The point is to offer a deprecated protocol.
        options.EnabledSslProtocols = SslProtocols.Tls11;
#pragma warning restore CA5397, SYSLIB0039

        var (client, server) = await HandshakeAsync(TlsOptions.ForServer(Node), options);

        Assert.NotNull(client);
        // The server itself refuses the TLS 1.1 hello (an AuthenticationException), rather than
        // seeing a client that gave up before sending anything (an IOException at end of stream).
        Assert.IsType<AuthenticationException>(server);
    }

    [Fact]
    public async Task A_handshake_must_time_out_when_the_client_never_speaks()
    {
        using var listener = Loopback.Listen();
        using var silent = await Loopback.ConnectAsync(Loopback.EndPointOf(listener));
        using var accepted = await listener.AcceptAsync().WaitAsync(Loopback.Deadline);

        var handshake = TlsHandshake.AuthenticateAsServerAsync(
            new NetworkStream(accepted), TlsOptions.ForServer(Node), TimeSpan.FromMilliseconds(200), CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => handshake.WaitAsync(Loopback.Deadline));
    }

    private static async Task<SslProtocols> NegotiatedAsync(SslProtocols clientProtocols)
    {
        using var listener = Loopback.Listen();
        var serverTask = AcceptTlsAsync(listener, TlsOptions.ForServer(Node));
        var options = TlsOptions.ForClient(ServerCertificatePolicy.PinCertificate(Node));
        options.EnabledSslProtocols = clientProtocols;
        using var socket = await Loopback.ConnectAsync(Loopback.EndPointOf(listener));
        await using var client = await TlsHandshake.AuthenticateAsClientAsync(new NetworkStream(socket), options, Loopback.Deadline, CancellationToken.None);
        await using var server = await serverTask;
        Assert.Equal(client.SslProtocol, server.SslProtocol);
        return server.SslProtocol;
    }

    private static async Task<SslStream> AcceptTlsAsync(Socket listener, SslServerAuthenticationOptions options)
    {
        var accepted = await listener.AcceptAsync().WaitAsync(Loopback.Deadline);
        return await TlsHandshake.AuthenticateAsServerAsync(new NetworkStream(accepted, ownsSocket: true), options, Loopback.Deadline, CancellationToken.None);
    }

    /// <summary>Runs one handshake on loopback; returns each side's failure, or null for success.</summary>
    private static async Task<(Exception? Client, Exception? Server)> HandshakeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var listener = Loopback.Listen();
        var serverTask = AcceptTlsAsync(listener, serverOptions);
        Exception? clientFailure = null;
        Exception? serverFailure = null;
        using (var socket = await Loopback.ConnectAsync(Loopback.EndPointOf(listener)))
        {
            try
            {
                await using var client = await TlsHandshake.AuthenticateAsClientAsync(new NetworkStream(socket), clientOptions, Loopback.Deadline, CancellationToken.None);
                await client.WriteAsync(new byte[] { 1 });
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                clientFailure = e;
            }
        }

        try
        {
            await using var server = await serverTask.WaitAsync(Loopback.Deadline);
            await Loopback.ReadUpToAsync(server, 1);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            serverFailure = e;
        }

        return (clientFailure, serverFailure);
    }
}
