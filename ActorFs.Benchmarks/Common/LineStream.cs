namespace ActorFs.Benchmarks.Common;

/// <summary>Reads newline-terminated frames from a stream through one reusable buffer (for the bare baselines).</summary>
internal sealed class LineStream(Stream stream, int capacity = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;
    private int _end;

    public Stream Stream => stream;

    /// <summary>The next line without its newline, valid until the next call; empty at end of stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline - _start);
                _start = newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new InvalidDataException("A line is longer than the buffer.");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0) return ReadOnlyMemory<byte>.Empty;
            _end += read;
        }
    }
}
