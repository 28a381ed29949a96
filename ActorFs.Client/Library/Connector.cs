// Opens one TCP (and, unless TLS is off, TLS) connection with deadlines, turning every failure into
// an ActorFsConnectionException that says what failed; a refused certificate keeps the validator's
// outcome so that the caller can offer trust on first use or explain a changed certificate.
using System.Net.Sockets;
using System.Security.Authentication;
using ActorFs.Messages.Tls;

namespace ActorFs.Client;

internal static class Connector
{
    public static async Task<(Stream Stream, CertificateFingerprint? Presented)> OpenAsync(ClientOptions options, string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new ActorFsConnectionException($"Could not connect to {host}:{port} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new ActorFsConnectionException($"Could not connect to {host}:{port}: {e.Message}", e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (!options.UseTls)
        {
            return (network, null);
        }

        var validator = new ServerCertificateValidator(options.PolicyFor(host, port));
        try
        {
            var ssl = await TlsHandshake.AuthenticateAsClientAsync(network, TlsOptions.ForClient(validator, host), options.HandshakeTimeout, cancellationToken)
                .ConfigureAwait(false);
            return (ssl, validator.LastOutcome?.PresentedFingerprint);
        }
        catch (AuthenticationException e)
        {
            var outcome = validator.LastOutcome;
            var message = outcome is { Accepted: false }
                ? $"The certificate of {host}:{port} was refused: {outcome.Reason}."
                : $"The TLS handshake with {host}:{port} failed: {e.Message}";
            throw new ActorFsConnectionException(message, outcome, e);
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            throw new ActorFsConnectionException($"The TLS handshake with {host}:{port} failed: {e.Message}", validator.LastOutcome, e);
        }
    }
}
