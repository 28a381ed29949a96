using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace ActorFs.Node.Transfers;

/// <summary>
/// Sends a range of an open file over a plain TCP socket with the kernel's sendfile (Socket.SendPacketsAsync
/// with file elements): no user-space copy and no hashing, for downloads whose digest is already known.
/// The file is named by its open descriptor (/proc/self/fd/N), so it is the very file the transfer opened and
/// checked even if the name was replaced since. It goes in pieces so that progress (and with it the idle
/// timer) moves on a slow link.
/// </summary>
internal static class FileSender
{
    private const int Piece = 16 * 1024 * 1024;

    public static async Task<long> SendAsync(Socket socket, SafeFileHandle file, long offset, long count, Action<long>? onProgress, CancellationToken cancellationToken)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return await SendAsync(socket, $"/proc/self/fd/{file.DangerousGetHandle()}", offset, count, onProgress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static async Task<long> SendAsync(Socket socket, string path, long offset, long count, Action<long>? onProgress, CancellationToken cancellationToken)
    {
        using var args = new SocketAsyncEventArgs();
        args.Completed += static (_, e) => Complete(e);
        long sent = 0;
        while (sent < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var piece = (int)Math.Min(Piece, count - sent);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            args.UserToken = done;
            args.SendPacketsElements = [new SendPacketsElement(path, offset + sent, piece, endOfPacket: false)];
            // Cancelling the transfer closes its connection, which ends a pending send with an error.
            if (!socket.SendPacketsAsync(args)) Complete(args);
            await done.Task.ConfigureAwait(false);
            sent += piece;
            onProgress?.Invoke(sent);
        }
        return sent;
    }

    private static void Complete(SocketAsyncEventArgs args)
    {
        var done = (TaskCompletionSource)args.UserToken!;
        if (args.SocketError == SocketError.Success) done.TrySetResult();
        else done.TrySetException(new IOException($"sendfile failed: {args.SocketError}", new SocketException((int)args.SocketError)));
    }
}
