using ActorFs.Actors;
using ActorFs.Node.Access;
using ActorFs.Node.Commands;
using ActorFs.Node.Quotas;
using ActorFs.Node.Storage;
using ActorFs.Tests.Node.Storage;
using static ActorFs.Tests.Node.Access.Accounts;

namespace ActorFs.Tests.Node.Quotas;

/// <summary>
/// The check before an upload starts: the principal may write the file, and the owner's quota has room for the
/// declared bytes next to what is stored and what other uploads hold. Alice has 1 MiB and 10 files and uses
/// 768 KiB in 3 files; will may write into her shared folder; bob has no limits.
/// </summary>
public sealed class UploadAdmissionSpec : IDisposable
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    private static readonly Dictionary<string, AccessEntry> Entries = new(StringComparer.Ordinal)
    {
        ["/home/alice/shared"] = Grants(("will", AccessLevel.Write)),
    };

    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _files;
    private readonly AccessViewSource _views = new(View(Users(aliceQuota: MiB), Entries));
    private readonly QuotaLedger _ledger = new(new Dictionary<string, Usage> { ["alice"] = new(768 * KiB, 3) });
    private readonly NodeAccess _access;

    public UploadAdmissionSpec()
    {
        _files = _temp.CreateStore();
        _access = new NodeAccess(_views, _ledger, ActorRefs.Nobody);
        _temp.WriteFile("home/alice/old.bin", new string('o', 200));
        Directory.CreateDirectory(_temp.HostPath("home/alice/shared"));
        Directory.CreateDirectory(_temp.HostPath("home/bob"));
        Directory.CreateDirectory(_temp.HostPath("pub"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_upload_that_fits_is_admitted_and_spends_its_owner_s_quota()
    {
        Assert.Equal("alice", Admit("alice", "/home/alice/new.bin", 256 * KiB));
        Assert.Equal("bob", Admit("bob", "/home/bob/huge.iso", 50L * 1024 * MiB));
    }

    [Fact]
    public void An_upload_declared_past_the_quota_is_refused_with_how_much_is_left()
    {
        var error = Assert.Throws<StorageException>(() => Admit("alice", "/home/alice/big.bin", 256 * KiB + 1));

        Assert.Equal(StorageErrorKind.InsufficientStorage, error.Kind);
        Assert.Equal("Cannot store /home/alice/big.bin: quota exceeded: 256 KiB left of 1 MiB", error.Message);
        Assert.Equal("/home/alice/big.bin", error.VirtualPath);
    }

    [Fact]
    public void A_grantee_s_upload_spends_the_owner_s_quota()
    {
        Assert.Equal("alice", Admit("will", "/home/alice/shared/notes.txt", 100 * KiB));

        var error = Assert.Throws<StorageException>(() => Admit("will", "/home/alice/shared/video.mp4", 300 * KiB));
        Assert.Equal(StorageErrorKind.InsufficientStorage, error.Kind);
        Assert.Contains("256 KiB left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_other_uploads_hold_in_flight_count_against_the_quota()
    {
        var other = _ledger.StartUpload("alice", () => _access.LimitsOf("alice"));
        Assert.True(other.TryGrow(200 * KiB));

        var error = Assert.Throws<StorageException>(() => Admit("alice", "/home/alice/new.bin", 100 * KiB));
        Assert.Equal(StorageErrorKind.InsufficientStorage, error.Kind);
        Assert.Contains("56 KiB left of 1 MiB", error.Message, StringComparison.Ordinal);

        other.Dispose();

        Assert.Equal("alice", Admit("alice", "/home/alice/new.bin", 100 * KiB));
    }

    [Fact]
    public void Replacing_a_file_is_credited_with_the_bytes_it_frees()
    {
        _ledger.Charge("alice", new Usage(256 * KiB, 0));
        Assert.Equal(0, _ledger.BytesLeft("alice", _access.LimitsOf("alice")));

        Assert.Equal("alice", Admit("alice", "/home/alice/old.bin", addedBytes: 150 - 200, newFile: false));
        Assert.Throws<StorageException>(() => Admit("alice", "/home/alice/old.bin", addedBytes: 1, newFile: false));
    }

    [Fact]
    public void A_new_file_past_the_file_limit_is_refused_but_replacing_one_is_admitted()
    {
        _ledger.Charge("alice", new Usage(0, 7));

        var error = Assert.Throws<StorageException>(() => Admit("alice", "/home/alice/eleventh.txt", 1));

        Assert.Equal(StorageErrorKind.InsufficientStorage, error.Kind);
        Assert.Equal("Cannot store /home/alice/eleventh.txt: file limit reached: at most 10 files", error.Message);
        Assert.Equal("alice", Admit("alice", "/home/alice/old.bin", addedBytes: 0, newFile: false));
    }

    [Fact]
    public void An_upload_where_no_user_owns_the_path_spends_no_quota()
    {
        Assert.Null(Admit("root", "/pub/huge.iso", 50L * 1024 * MiB));
        Assert.Equal(["alice"], _ledger.Snapshot().Keys);
    }

    [Fact]
    public void A_user_who_may_not_write_the_file_is_refused_for_that_before_any_quota_is_looked_at()
    {
        var error = Assert.Throws<StorageException>(() => Admit("bob", "/home/alice/big.bin", 10 * MiB));

        Assert.Equal(StorageErrorKind.PermissionDenied, error.Kind);
    }

    [Fact]
    public void A_quota_raised_by_an_admin_applies_to_the_next_upload()
    {
        Assert.Throws<StorageException>(() => Admit("alice", "/home/alice/big.bin", 512 * KiB));

        _views.Publish(View(Users(aliceQuota: 2 * MiB), Entries));

        Assert.Equal("alice", Admit("alice", "/home/alice/big.bin", 512 * KiB));
    }

    [Fact]
    public void An_overwrite_that_was_admitted_is_not_cut_by_its_running_budget()
    {
        const long Declared = (256 * KiB) + 200; // old.bin holds 200 bytes: the file grows by exactly what is left
        Assert.Equal("alice", Admit("alice", "/home/alice/old.bin", addedBytes: Declared - 200, newFile: false));

        using var budget = _ledger.StartUpload("alice", () => _access.LimitsOf("alice"), credit: 200);

        Assert.True(budget.TryGrow(Declared));
    }

    private string? Admit(string user, string path, long? addedBytes, bool newFile = true)
    {
        var store = new GuardedFileStore(_files, _views, () => As(user));
        return new UploadAdmission(store, _access).Admit(P(path), addedBytes, newFile);
    }

    private static UserView[] Users(long aliceQuota) =>
    [
        User("alice", quotaBytes: aliceQuota, maxFiles: 10), User("bob"), User("will"), User("root", admin: true),
    ];
}
