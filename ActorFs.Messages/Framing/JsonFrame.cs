namespace ActorFs.Messages;

/// <summary>What one call to <see cref="JsonFrameDecoder.Decode"/> produced.</summary>
public enum FrameStatus
{
    /// <summary>The input was consumed and no frame is complete yet.</summary>
    NeedMoreData = 0,

    /// <summary>A complete top-level JSON value; its bytes are valid UTF-8 and structurally balanced.</summary>
    Value,

    /// <summary>A value grew past the frame limit. Reported once, as soon as the limit is crossed; the rest of that value is discarded.</summary>
    TooLarge,

    /// <summary>Garbage, unbalanced brackets, nesting too deep or invalid UTF-8. Reported once per bad value.</summary>
    Malformed,
}

/// <summary>Why a frame was refused.</summary>
public enum FrameError
{
    /// <summary>The frame was not refused.</summary>
    None = 0,

    /// <summary>Bytes between values that cannot start an object, an array or a string.</summary>
    Garbage,

    /// <summary>A closing bracket that does not match the open one.</summary>
    Unbalanced,

    /// <summary>More nested objects and arrays than the decoder's depth limit.</summary>
    TooDeep,

    /// <summary>The value is balanced but its bytes are not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The value is longer than the frame limit.</summary>
    TooLarge,
}

/// <summary>
/// One result of <see cref="JsonFrameDecoder.Decode"/>. <see cref="Utf8"/> points into the caller's
/// input or the decoder's own buffer and is valid only until the next call to the decoder.
/// </summary>
public readonly ref struct JsonFrame
{
    internal JsonFrame(FrameStatus status, FrameError error, ReadOnlySpan<byte> utf8)
    {
        Status = status;
        Error = error;
        Utf8 = utf8;
    }

    /// <summary>Whether a value, a refusal, or nothing yet was produced.</summary>
    public FrameStatus Status { get; }

    /// <summary>Why the frame was refused; <see cref="FrameError.None"/> for values.</summary>
    public FrameError Error { get; }

    /// <summary>The value's UTF-8 bytes when <see cref="Status"/> is <see cref="FrameStatus.Value"/>; empty otherwise.</summary>
    public ReadOnlySpan<byte> Utf8 { get; }
}

/// <summary>A frame copied out of the decoder, safe to keep and to send to another actor.</summary>
/// <param name="Status">Never <see cref="FrameStatus.NeedMoreData"/>.</param>
/// <param name="Error">Why the frame was refused; <see cref="FrameError.None"/> for values.</param>
/// <param name="Utf8">The value's bytes (a private copy); empty for refusals.</param>
public readonly record struct DecodedFrame(FrameStatus Status, FrameError Error, ReadOnlyMemory<byte> Utf8);
