using System.Text;

namespace ActorFs.Node.Storage;

/// <summary>
/// A normalised virtual POSIX path under the node's root: always absolute, no <c>.</c> or <c>..</c> segments,
/// no repeated or trailing slashes, no control characters, each segment at most 255 UTF-8 bytes and the whole
/// at most 4096. <c>/</c> is the root. Instances can only be built through validation, so holding one means
/// the text is safe to join under a host root (containment against symbolic links is the store's job).
/// </summary>
internal sealed class VirtualPath : IEquatable<VirtualPath>
{
    /// <summary>Longest segment, in UTF-8 bytes (Linux NAME_MAX).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Longest path, in UTF-8 bytes (Linux PATH_MAX).</summary>
    public const int MaxPathBytes = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string[] _segments;

    private VirtualPath(string[] segments)
    {
        _segments = segments;
        Value = segments.Length == 0 ? "/" : "/" + string.Join('/', segments);
    }

    /// <summary>The virtual root, <c>/</c>.</summary>
    public static VirtualPath Root { get; } = new([]);

    /// <summary>The normalised text, e.g. <c>/docs/a.txt</c>.</summary>
    public string Value { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The segments from the root down; empty for the root.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>The last segment; empty for the root.</summary>
    public string Name => IsRoot ? string.Empty : _segments[^1];

    /// <summary>The containing directory; the root is its own parent, as <c>/..</c> is <c>/</c>.</summary>
    public VirtualPath Parent => _segments.Length <= 1 ? Root : new VirtualPath(_segments[..^1]);

    /// <summary>
    /// Resolves what a user typed against the session's working directory: relative input starts at
    /// <paramref name="workingDirectory"/>, absolute input at the virtual root; <c>.</c> is dropped, <c>..</c>
    /// stops at <c>/</c>, repeated slashes collapse.
    /// </summary>
    /// <exception cref="StorageException">With <see cref="StorageErrorKind.InvalidPath"/> when the input is empty, has control characters or is too long.</exception>
    public static VirtualPath Resolve(VirtualPath workingDirectory, string input)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        return TryResolve(workingDirectory, input, out var path, out var error) ? path : throw StorageErrors.InvalidPath(error);
    }

    /// <summary>Parses an absolute (or root-relative) path; same rules as <see cref="Resolve"/> from <c>/</c>.</summary>
    public static VirtualPath Parse(string input) => Resolve(Root, input);

    /// <summary>The non-throwing form of <see cref="Resolve"/>; <paramref name="error"/> says why the input was refused.</summary>
    public static bool TryResolve(VirtualPath workingDirectory, string? input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VirtualPath? path, out string error)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        path = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "the path is empty";
            return false;
        }

        if (!TryValidateText(input, out error))
        {
            return false;
        }

        var segments = input[0] == '/' ? new List<string>() : new List<string>(workingDirectory._segments);
        foreach (var segment in input.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            if (StrictUtf8.GetByteCount(segment) > MaxSegmentBytes)
            {
                error = $"a name is longer than {MaxSegmentBytes} bytes";
                return false;
            }

            segments.Add(segment);
        }

        var result = new VirtualPath([.. segments]);
        if (StrictUtf8.GetByteCount(result.Value) > MaxPathBytes)
        {
            error = $"the path is longer than {MaxPathBytes} bytes";
            return false;
        }

        path = result;
        error = string.Empty;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> can be one segment: not empty, not <c>.</c> or <c>..</c>, no slash, no control character, at most 255 bytes.</summary>
    public static bool IsValidName(string? name, out string error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = "the name is empty";
            return false;
        }

        if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal))
        {
            error = "a name cannot be '.', '..' or contain '/'";
            return false;
        }

        if (!TryValidateText(name, out error))
        {
            return false;
        }

        if (StrictUtf8.GetByteCount(name) > MaxSegmentBytes)
        {
            error = $"a name is longer than {MaxSegmentBytes} bytes";
            return false;
        }

        return true;
    }

    /// <summary>This path with one more segment, <paramref name="name"/>, which must be a single valid name.</summary>
    public VirtualPath Combine(string name)
    {
        if (!IsValidName(name, out var error))
        {
            throw StorageErrors.InvalidPath(error);
        }

        var result = new VirtualPath([.. _segments, name]);
        return StrictUtf8.GetByteCount(result.Value) <= MaxPathBytes
            ? result
            : throw StorageErrors.InvalidPath($"the path is longer than {MaxPathBytes} bytes");
    }

    /// <summary>Whether this path is <paramref name="ancestor"/> or lies below it (segment-wise, so <c>/data2</c> is not under <c>/data</c>).</summary>
    public bool IsSameOrUnder(VirtualPath ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        if (ancestor._segments.Length > _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < ancestor._segments.Length; i++)
        {
            if (!string.Equals(ancestor._segments[i], _segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The path relative to the root, without the leading slash (empty for the root); for joining under a host folder.</summary>
    internal string RelativeText => IsRoot ? string.Empty : Value[1..];

    public bool Equals(VirtualPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is VirtualPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(VirtualPath? left, VirtualPath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(VirtualPath? left, VirtualPath? right) => !(left == right);

    // Control characters (C0, DEL and C1) are refused outright: they corrupt terminals and logs, and NUL
    // would cut the path short at the native boundary. Unpaired surrogates cannot be encoded as UTF-8.
    private static bool TryValidateText(string text, out string error)
    {
        if (text.Length > MaxPathBytes)
        {
            error = $"the path is longer than {MaxPathBytes} bytes";
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                error = c == '\0' ? "the path contains a NUL character" : "the path contains a control character";
                return false;
            }
        }

        try
        {
            if (StrictUtf8.GetByteCount(text) > MaxPathBytes)
            {
                error = $"the path is longer than {MaxPathBytes} bytes";
                return false;
            }
        }
        catch (EncoderFallbackException)
        {
            error = "the path is not valid Unicode";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
