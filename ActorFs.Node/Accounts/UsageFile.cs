using System.Collections.Immutable;
using System.Text.Json;
using ActorFs.Node.Quotas;
using static ActorFs.Node.Accounts.StoredJson;

namespace ActorFs.Node.Accounts;

/// <summary>
/// <c>usage.json</c>: each user's running totals, <c>{ "version": 1, "users": { NAME: { "bytes", "files" } } }</c>,
/// saved the same durable way as the account store. It can be rebuilt from the disk at any time
/// (<see cref="UsageCounter"/>, <c>actorfs-node user recount</c>), so a damaged file says so rather than
/// pretending every user starts from zero. Not thread-safe.
/// </summary>
internal sealed class UsageFile
{
    public const string FileName = "usage.json";

    public const int CurrentVersion = 1;

    private readonly DurableFile _file;

    /// <param name="folder">The accounts folder.</param>
    /// <param name="afterStep">Fault injection for tests: called after each step of a save.</param>
    public UsageFile(string folder, Action<DurableWriteStep>? afterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _file = new DurableFile(Path.Join(Path.GetFullPath(folder), FileName), afterStep);
    }

    public string FilePath => _file.Path;

    /// <summary>The saved totals (empty when none were saved).</summary>
    /// <exception cref="AccountStoreException">The file is unreadable, damaged or newer; the message says to recount.</exception>
    public ImmutableSortedDictionary<string, Usage> Load()
    {
        try
        {
            var content = _file.Read();
            return content is null ? ImmutableSortedDictionary.Create<string, Usage>(StringComparer.Ordinal) : Deserialize(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
        {
            throw new AccountStoreException(FilePath, $"The usage file {FilePath} cannot be used ({e.Message}). Rebuild it with: actorfs-node user recount", e);
        }
    }

    public void Save(IReadOnlyDictionary<string, Usage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        AccountStore.EnsureFolder(Path.GetDirectoryName(FilePath)!);
        _file.Write(Serialize(usage));
    }

    internal static byte[] Serialize(IReadOnlyDictionary<string, Usage> usage) =>
        WriteVersioned(CurrentVersion, writer =>
        {
            writer.WriteStartObject("users");
            foreach (var (name, totals) in usage.OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                writer.WriteNumber("bytes", totals.Bytes);
                writer.WriteNumber("files", totals.Files);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });

    internal static ImmutableSortedDictionary<string, Usage> Deserialize(ReadOnlyMemory<byte> utf8)
    {
        using var json = ParseVersioned(utf8, CurrentVersion);
        var result = ImmutableSortedDictionary.CreateBuilder<string, Usage>(StringComparer.Ordinal);
        foreach (var user in Property(json.RootElement, "users", "", JsonValueKind.Object).EnumerateObject())
        {
            var where = $"user '{user.Name}'";
            if (UserNames.Check(user.Name) is { } why) throw new InvalidDataException(why);
            var totals = new Usage(Int64(user.Value, "bytes", where), Int64(user.Value, "files", where));
            if (totals.Bytes < 0 || totals.Files < 0) throw new InvalidDataException($"{where}: negative totals");
            if (!result.TryAdd(user.Name, totals)) throw new InvalidDataException($"{where} appears twice");
        }

        return result.ToImmutable();
    }
}
