using System.Net.Security;

namespace ActorFs.Messages.Tls;

/// <summary>
/// TLS handshakes with a deadline, so that a peer that connects and never speaks (slowloris) costs
/// at most the timeout.
/// </summary>
/// <remarks>
/// End of stream: when the peer closes TCP without a TLS close_notify (the legacy client does),
/// <see cref="SslStream.ReadAsync(Memory{byte}, CancellationToken)"/> returns 0 as for any end of
/// stream, provided the close falls between TLS records. A close in the middle of a record is a
/// truncated record and SslStream throws <see cref="IOException"/>: that is a broken connection, not a
/// normal end, and is left to surface as an error. ActorFs.Tests/IO/Tls/EndOfStreamSpecs.cs proves both.
/// </remarks>
public static class TlsHandshake
{
    /// <summary>
    /// Wraps <paramref name="inner"/> in an SslStream and authenticates as a server within
    /// <paramref name="timeout"/>. On failure the SslStream (and, unless
    /// <paramref name="leaveInnerStreamOpen"/>, the inner stream) is disposed.
    /// </summary>
    /// <exception cref="TimeoutException">The handshake did not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<SslStream> AuthenticateAsServerAsync(
        Stream inner,
        SslServerAuthenticationOptions options,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        bool leaveInnerStreamOpen = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(inner, leaveInnerStreamOpen, timeout, (ssl, ct) => ssl.AuthenticateAsServerAsync(options, ct), cancellationToken);
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> in an SslStream and authenticates as a client within
    /// <paramref name="timeout"/>; failures as for <see cref="AuthenticateAsServerAsync"/>.
    /// </summary>
    public static Task<SslStream> AuthenticateAsClientAsync(
        Stream inner,
        SslClientAuthenticationOptions options,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        bool leaveInnerStreamOpen = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(inner, leaveInnerStreamOpen, timeout, (ssl, ct) => ssl.AuthenticateAsClientAsync(options, ct), cancellationToken);
    }

    private static async Task<SslStream> RunAsync(
        Stream inner,
        bool leaveInnerStreamOpen,
        TimeSpan timeout,
        Func<SslStream, CancellationToken, Task> authenticate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var ssl = new SslStream(inner, leaveInnerStreamOpen);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync as well as the token: a custom inner stream may ignore cancellation, and
            // disposing the SslStream below then ends the pending read.
            await authenticate(ssl, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The TLS handshake did not complete within {timeout.TotalSeconds:0.###} s.");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
