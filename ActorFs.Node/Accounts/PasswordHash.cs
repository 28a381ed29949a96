using System.Collections.Immutable;

namespace ActorFs.Node.Accounts;

/// <summary>
/// A stored password: the algorithm and iteration count it was derived with, its salt and the derived bytes.
/// Verification always uses these stored parameters, so raising the configured iteration count never locks
/// anyone out; the hash is replaced at the next successful sign-in (<see cref="PasswordHasher.NeedsRehash"/>).
/// </summary>
internal sealed record PasswordHash(string Algorithm, int Iterations, ImmutableArray<byte> Salt, ImmutableArray<byte> Hash)
{
    public bool Equals(PasswordHash? other) =>
        other is not null && Algorithm == other.Algorithm && Iterations == other.Iterations &&
        Salt.AsSpan().SequenceEqual(other.Salt.AsSpan()) && Hash.AsSpan().SequenceEqual(other.Hash.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Algorithm, Iterations, Salt.Length, Hash.Length);

    /// <summary>Names the algorithm and cost only: salts and derived bytes stay out of logs.</summary>
    public override string ToString() => $"PasswordHash {{ Algorithm = {Algorithm}, Iterations = {Iterations} }}";
}
