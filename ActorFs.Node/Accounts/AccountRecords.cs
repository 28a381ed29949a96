using System.Collections.Immutable;

namespace ActorFs.Node.Accounts;

/// <summary>The settings of an account an administrator may change: limits (null: unlimited) and flags.</summary>
internal sealed record UserOptions(long? QuotaBytes = null, long? MaxFiles = null, bool Admin = false, bool Disabled = false)
{
    public static UserOptions Default { get; } = new();

    /// <summary>Null when the options can be stored, otherwise why not.</summary>
    public string? Check() => (QuotaBytes, MaxFiles) switch
    {
        ( < 0, _) => "The quota cannot be negative.",
        (_, < 0) => "The maximum number of files cannot be negative.",
        _ => null,
    };
}

/// <summary>One account as stored. Its home is always <c>/home/NAME</c>, so it is derived rather than stored.</summary>
internal sealed record UserRecord(
    string Name, PasswordHash Password, UserOptions Options, DateTime CreatedUtc, DateTime PasswordChangedUtc)
{
    public const string HomeFolder = "home";

    /// <summary>The virtual path of the user's home folder.</summary>
    public string Home => HomeOf(Name);

    public long? QuotaBytes => Options.QuotaBytes;

    public long? MaxFiles => Options.MaxFiles;

    public bool Admin => Options.Admin;

    public bool Disabled => Options.Disabled;

    public static string HomeOf(string name) => "/" + HomeFolder + "/" + name;

    /// <summary>Leaves the password hash out, so a logged record carries no secret.</summary>
    public override string ToString() =>
        $"UserRecord {{ Name = {Name}, Options = {Options}, CreatedUtc = {CreatedUtc:O}, PasswordChangedUtc = {PasswordChangedUtc:O} }}";
}

/// <summary>A session token as stored: the SHA-256 of the token (never the token), whose it is, and its lifetime.</summary>
internal sealed record TokenRecord(string Hash, string User, DateTime IssuedUtc, DateTime ExpiresUtc)
{
    public bool IsExpired(DateTime nowUtc) => ExpiresUtc <= nowUtc;
}

/// <summary>What a grant lets its user do on a path and below; each level includes the ones before it.</summary>
internal enum GrantLevel
{
    /// <summary>List, stat, hash and download.</summary>
    Read = 1,

    /// <summary>Also create, replace, append to and delete.</summary>
    Write = 2,

    /// <summary>Also share, unshare and mark public.</summary>
    Manage = 3,
}

/// <summary>The wire and store names of <see cref="GrantLevel"/>: read, write, manage.</summary>
internal static class GrantLevels
{
    public static string ToText(this GrantLevel level) => level switch
    {
        GrantLevel.Read => "read",
        GrantLevel.Write => "write",
        GrantLevel.Manage => "manage",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not a grant level"),
    };

    public static GrantLevel? Parse(string? text) => text switch
    {
        "read" => GrantLevel.Read,
        "write" => GrantLevel.Write,
        "manage" => GrantLevel.Manage,
        _ => null,
    };
}

/// <summary>
/// What is set on one path: grants by user name, and a public flag (null: not set here, so the nearest flag
/// above decides). Only paths with something set have a record.
/// </summary>
internal sealed record AccessRecord(ImmutableSortedDictionary<string, GrantLevel> Grants, bool? Public)
{
    public static AccessRecord Empty { get; } = new(ImmutableSortedDictionary.Create<string, GrantLevel>(StringComparer.Ordinal), null);

    public bool IsEmpty => Grants.IsEmpty && Public is null;

    public bool Equals(AccessRecord? other) =>
        other is not null && Public == other.Public && Grants.Count == other.Grants.Count &&
        Grants.All(g => other.Grants.TryGetValue(g.Key, out var level) && level == g.Value);

    public override int GetHashCode() => HashCode.Combine(Public, Grants.Count);
}
