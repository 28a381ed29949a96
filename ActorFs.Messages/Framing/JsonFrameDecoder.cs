using System.Text.Unicode;

namespace ActorFs.Messages;

/// <summary>
/// Splits a byte stream into top-level JSON values separated by any whitespace (newlines optional),
/// without parsing them: it tracks only nesting depth, strings and escapes, so the cost is one pass
/// per byte and no allocation for values that arrive inside one chunk.
/// </summary>
/// <remarks>
/// <para>A frame starts with <c>{</c>, <c>[</c> or <c>"</c> and ends where that value closes. Anything else
/// between values (numbers, literals, stray brackets, a BOM) is garbage.</para>
/// <para>Resynchronization, so that each bad value gets exactly one error:
/// garbage or an unbalanced bracket is reported once as <see cref="FrameStatus.Malformed"/>,
/// then input is discarded up to the next <c>{</c> or <c>[</c>, which starts a new frame.
/// A value over the limit (<see cref="FrameStatus.TooLarge"/>) or nested deeper than the limit
/// (<see cref="FrameError.TooDeep"/>) is reported once, when the limit is crossed, then skipped structurally
/// to its own end (a depth count, no buffering, no depth bound), and decoding goes on after it; so the inner
/// brackets of a too deep value never start frames of their own.
/// A balanced value with invalid UTF-8 is consumed whole and reported as malformed.</para>
/// <para>Not thread-safe: one decoder per connection.</para>
/// </remarks>
public sealed class JsonFrameDecoder
{
    /// <summary>The default frame limit, 64 KiB.</summary>
    public const int DefaultMaxFrameBytes = 64 * 1024;

    /// <summary>The default and largest nesting depth accepted.</summary>
    public const int MaxSupportedDepth = 64;

    private const int InitialBufferBytes = 4096;

    private readonly int _maxDepth;
    private byte[] _buffer = [];
    private Mode _mode = Mode.Between;
    private int _length;
    private int _buffered;
    private int _depth;
    private ulong _arrayBits;
    private bool _inString;
    private bool _escaped;
    private long _skipDepth;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxFrameBytes">The longest value accepted, in bytes; the decoder never buffers more.</param>
    /// <param name="maxDepth">The deepest nesting of objects and arrays accepted, 1 to <see cref="MaxSupportedDepth"/>.</param>
    public JsonFrameDecoder(int maxFrameBytes = DefaultMaxFrameBytes, int maxDepth = MaxSupportedDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxSupportedDepth);
        MaxFrameBytes = maxFrameBytes;
        _maxDepth = maxDepth;
    }

    private enum Mode
    {
        Between,
        InValue,
        SkippingValue,
        DiscardingGarbage,
    }

    private enum Step
    {
        Continue,
        Closed,
        Unbalanced,
        TooDeep,
    }

    /// <summary>The longest value accepted, in bytes.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>True while a value has begun but not ended (a peer closing now cut it).</summary>
    public bool HasPartialFrame => _mode is Mode.InValue or Mode.SkippingValue;

    /// <summary>
    /// Scans <paramref name="input"/> until one frame completes or the input ends.
    /// Call again with the unconsumed rest while it is not empty.
    /// </summary>
    /// <returns>How many bytes of <paramref name="input"/> were consumed.</returns>
    public int Decode(ReadOnlySpan<byte> input, out JsonFrame frame)
    {
        var start = _mode == Mode.InValue ? 0 : -1;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            switch (_mode)
            {
                case Mode.Between:
                    if (IsWhitespace(b))
                    {
                        continue;
                    }

                    if (b is (byte)'{' or (byte)'[' or (byte)'"')
                    {
                        BeginValue();
                        start = i;
                        i--; // scan the opening byte as part of the value
                        continue;
                    }

                    _mode = Mode.DiscardingGarbage;
                    frame = Refused(FrameStatus.Malformed, FrameError.Garbage);
                    return i + 1;

                case Mode.DiscardingGarbage:
                    if (b is (byte)'{' or (byte)'[')
                    {
                        BeginValue();
                        start = i;
                        i--;
                    }

                    continue;

                case Mode.InValue:
                    _length++;
                    if (_length > MaxFrameBytes)
                    {
                        _buffered = 0;
                        var oversizedStep = Scan(b);
                        _mode = oversizedStep switch
                        {
                            Step.Closed => Mode.Between,
                            Step.Unbalanced => Mode.DiscardingGarbage,
                            _ => BeginSkip(oversizedStep),
                        };

                        frame = Refused(FrameStatus.TooLarge, FrameError.TooLarge);
                        return i + 1;
                    }

                    var step = Scan(b);
                    if (step == Step.Continue)
                    {
                        continue;
                    }

                    if (step == Step.TooDeep)
                    {
                        _buffered = 0;
                        _mode = BeginSkip(step);
                        frame = Refused(FrameStatus.Malformed, FrameError.TooDeep);
                        return i + 1;
                    }

                    if (step != Step.Closed)
                    {
                        _buffered = 0;
                        _mode = Mode.DiscardingGarbage;
                        frame = Refused(FrameStatus.Malformed, FrameError.Unbalanced);
                        return i + 1;
                    }

                    _mode = Mode.Between;
                    frame = Complete(input[start..(i + 1)]);
                    return i + 1;

                case Mode.SkippingValue:
                    // The value was already answered (TooLarge or TooDeep); only its end is looked for.
                    if (SkipScan(b))
                    {
                        _mode = Mode.Between;
                    }

                    continue;
            }
        }

        if (_mode == Mode.InValue && start >= 0)
        {
            Append(input[start..]);
        }

        frame = default;
        return input.Length;
    }

    /// <summary>
    /// Decodes all of <paramref name="input"/> and returns every frame it completed, each value copied
    /// into its own array. Convenient where frames are sent on as messages; <see cref="Decode"/> avoids the copies.
    /// </summary>
    public IReadOnlyList<DecodedFrame> DecodeAll(ReadOnlySpan<byte> input)
    {
        List<DecodedFrame>? frames = null;
        while (!input.IsEmpty)
        {
            var consumed = Decode(input, out var frame);
            input = input[consumed..];
            if (frame.Status != FrameStatus.NeedMoreData)
            {
                frames ??= [];
                frames.Add(new DecodedFrame(frame.Status, frame.Error, frame.Utf8.ToArray()));
            }
        }

        return frames ?? (IReadOnlyList<DecodedFrame>)[];
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static JsonFrame Refused(FrameStatus status, FrameError error) => new(status, error, default);

    private void BeginValue()
    {
        _mode = Mode.InValue;
        _length = 0;
        _buffered = 0;
        _depth = 0;
        _arrayBits = 0;
        _inString = false;
        _escaped = false;
    }

    /// <summary>Switches from a bounded scan to counting depth only, for a value that is being skipped.</summary>
    private Mode BeginSkip(Step step)
    {
        // A TooDeep step did not count the bracket it refused; it is open all the same.
        _skipDepth = _depth + (step == Step.TooDeep ? 1 : 0);
        return Mode.SkippingValue;
    }

    /// <summary>Scans one byte of a skipped value; true at the byte that ends it.</summary>
    private bool SkipScan(byte b)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (b == (byte)'\\')
            {
                _escaped = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
                return _skipDepth == 0;
            }

            return false;
        }

        switch (b)
        {
            case (byte)'"':
                _inString = true;
                return false;
            case (byte)'{' or (byte)'[':
                _skipDepth++;
                return false;
            case (byte)'}' or (byte)']':
                _skipDepth--;
                return _skipDepth <= 0;
            default:
                return false;
        }
    }

    private Step Scan(byte b)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (b == (byte)'\\')
            {
                _escaped = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
                return _depth == 0 ? Step.Closed : Step.Continue;
            }

            return Step.Continue;
        }

        switch (b)
        {
            case (byte)'"':
                _inString = true;
                return Step.Continue;
            case (byte)'{' or (byte)'[':
                if (_depth == _maxDepth)
                {
                    return Step.TooDeep;
                }

                var bit = 1UL << _depth;
                _arrayBits = b == (byte)'[' ? _arrayBits | bit : _arrayBits & ~bit;
                _depth++;
                return Step.Continue;
            case (byte)'}' or (byte)']':
                if (_depth == 0)
                {
                    return Step.Unbalanced;
                }

                _depth--;
                var isArray = (_arrayBits & (1UL << _depth)) != 0;
                if (isArray != (b == (byte)']'))
                {
                    return Step.Unbalanced;
                }

                return _depth == 0 ? Step.Closed : Step.Continue;
            default:
                return Step.Continue;
        }
    }

    private JsonFrame Complete(ReadOnlySpan<byte> tail)
    {
        ReadOnlySpan<byte> value;
        if (_buffered == 0)
        {
            value = tail;
        }
        else
        {
            Append(tail);
            value = _buffer.AsSpan(0, _buffered);
            _buffered = 0;
        }

        return Utf8.IsValid(value)
            ? new JsonFrame(FrameStatus.Value, FrameError.None, value)
            : Refused(FrameStatus.Malformed, FrameError.InvalidUtf8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _buffered + bytes.Length;
        if (needed > _buffer.Length)
        {
            var size = Math.Max(_buffer.Length, InitialBufferBytes);
            while (size < needed)
            {
                size *= 2;
            }

            Array.Resize(ref _buffer, Math.Min(size, MaxFrameBytes));
        }

        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered = needed;
    }
}
