using ActorFs.Node.Storage;

namespace ActorFs.Node.Quotas;

/// <summary>
/// A write-only view of an upload's staged bytes that takes each write from its owner's quota first: a write
/// that would pass the quota fails with <see cref="StorageErrorKind.InsufficientStorage"/> before any of it is
/// written, which cuts the transfer (its staged bytes are then discarded, not kept).
/// </summary>
internal sealed class QuotaLimitedStream(Stream inner, QuotaLedger.UploadBudget budget, VirtualPath target) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Take(count);
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Take(buffer.Length);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Take(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Take(int count)
    {
        if (!budget.TryGrow(count))
        {
            throw StorageErrors.QuotaExceeded(target, "the upload passed its owner's quota and was cut; nothing was stored");
        }
    }
}
