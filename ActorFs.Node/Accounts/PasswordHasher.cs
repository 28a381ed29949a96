using System.Collections.Immutable;
using System.Security.Cryptography;

namespace ActorFs.Node.Accounts;

/// <summary>
/// Derives and checks password hashes with PBKDF2-HMAC-SHA256 (16-byte random salt, 32-byte result), at no
/// fewer than <see cref="MinimumIterations"/> iterations (OWASP's figure for this algorithm). Immutable and
/// thread-safe. A verification costs the same whether or not the account exists: callers that find no such
/// account call <see cref="DummyVerify"/>, so timing cannot tell names apart.
/// </summary>
internal sealed class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";

    public const int MinimumIterations = 600_000;

    /// <summary>The highest stored count <see cref="Verify"/> will run, so a damaged or hostile store cannot stall a sign-in for hours.</summary>
    public const int MaximumIterations = 100_000_000;

    public const int SaltBytes = 16;

    public const int HashBytes = 32;

    // Random bytes at this hasher's cost: checking against it costs what a real verification costs, and nothing matches.
    private readonly PasswordHash _dummy;

    /// <summary>A hasher deriving new hashes with <paramref name="iterations"/> (at least <see cref="MinimumIterations"/>).</summary>
    public PasswordHasher(int iterations = MinimumIterations)
        : this(iterations, MinimumIterations)
    {
    }

    private PasswordHasher(int iterations, int floor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, floor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        Iterations = iterations;
        _dummy = new PasswordHash(Algorithm, iterations, ImmutableArray.Create(RandomNumberGenerator.GetBytes(SaltBytes)), ImmutableArray.Create(RandomNumberGenerator.GetBytes(HashBytes)));
    }

    /// <summary>The iteration count of new hashes.</summary>
    public int Iterations { get; }

    /// <summary>A hasher below the minimum, for tests only: hashing at the real cost would make every spec slow.</summary>
    internal static PasswordHasher ForTests(int iterations = 1_000) => new(iterations, 1);

    public PasswordHash Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return new PasswordHash(Algorithm, Iterations, ImmutableArray.Create(salt), ImmutableArray.Create(hash));
    }

    /// <summary>Whether <paramref name="password"/> matches, derived with the stored parameters and compared in constant time.</summary>
    public bool Verify(string password, PasswordHash stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsUsable(stored))
        {
            DummyVerify(password);
            return false;
        }

        var derived = Derive(password, stored.Salt.AsSpan(), stored.Iterations);
        return CryptographicOperations.FixedTimeEquals(derived, stored.Hash.AsSpan());
    }

    /// <summary>Spends what a <see cref="Verify"/> at this hasher's cost spends, and always fails; for names with no account.</summary>
    public bool DummyVerify(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        CryptographicOperations.FixedTimeEquals(Derive(password, _dummy.Salt.AsSpan(), _dummy.Iterations), _dummy.Hash.AsSpan());
        return false;
    }

    /// <summary>Whether <paramref name="stored"/> is weaker than what this hasher would derive now (another algorithm or fewer iterations).</summary>
    public bool NeedsRehash(PasswordHash stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Algorithm != Algorithm || stored.Iterations < Iterations || stored.Salt.Length < SaltBytes || stored.Hash.Length != HashBytes;
    }

    /// <summary>Whether a stored hash can be verified at all: a known algorithm, a sane cost, a salt and a full-length result.</summary>
    public static bool IsUsable(PasswordHash stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Algorithm == Algorithm && stored.Iterations is >= 1 and <= MaximumIterations &&
            !stored.Salt.IsDefaultOrEmpty && !stored.Hash.IsDefault && stored.Hash.Length == HashBytes;
    }

    private static byte[] Derive(string password, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
