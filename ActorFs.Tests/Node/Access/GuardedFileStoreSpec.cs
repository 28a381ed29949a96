using ActorFs.Node.Access;
using ActorFs.Node.Storage;
using ActorFs.Tests.Node.Storage;
using static ActorFs.Tests.Node.Access.Accounts;

namespace ActorFs.Tests.Node.Access;

/// <summary>
/// The guarded store over real files: each call either goes through or is refused with PermissionDenied (SignInRequired for anonymous sessions),
/// naming the virtual path it lacked access to and leaving the files untouched. Alice shares /home/alice/shared
/// (rita read, will write, but will only reads frozen.txt and drafts), lets bob write report.txt, and makes www public.
/// </summary>
public sealed class GuardedFileStoreSpec : IDisposable
{
    private static readonly UserView[] Users =
    [
        User("alice"), User("bob"), User("rita"), User("will"), User("carol"), User("root", admin: true),
    ];

    private static readonly Dictionary<string, AccessEntry> Entries = new(StringComparer.Ordinal)
    {
        ["/home/alice/shared"] = Grants(("rita", AccessLevel.Read), ("will", AccessLevel.Write)),
        ["/home/alice/shared/frozen.txt"] = Grants(("will", AccessLevel.Read)),
        ["/home/alice/shared/drafts"] = Grants(("will", AccessLevel.Read)),
        ["/home/alice/report.txt"] = Grants(("bob", AccessLevel.Write)),
        ["/home/alice/www"] = Entry(true),
    };

    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _files;

    public GuardedFileStoreSpec()
    {
        _files = _temp.CreateStore();
        _temp.WriteFile("home/alice/notes.txt", "alice's notes");
        _temp.WriteFile("home/alice/report.txt", "quarterly report");
        _temp.WriteFile("home/alice/shared/plan.txt", "the plan");
        _temp.WriteFile("home/alice/shared/frozen.txt", "do not change");
        Directory.CreateDirectory(_temp.HostPath("home/alice/shared/empty"));
        _temp.WriteFile("home/alice/shared/drafts/v1.txt", "first draft");
        _temp.WriteFile("home/alice/www/index.html", "<h1>hi</h1>");
        _temp.WriteFile("home/bob/diary.txt", "dear diary");
        _temp.WriteFile("home/will/x.txt", "will's x");
        Directory.CreateDirectory(_temp.HostPath("home/rita"));
        Directory.CreateDirectory(_temp.HostPath("home/carol"));
        _temp.WriteFile("pub/readme.txt", "read me");
        Directory.CreateDirectory(_temp.HostPath("pub/empty"));
    }

    public void Dispose() => _temp.Dispose();

    // "ok", or "denied PATH": refused with PermissionDenied naming PATH.
    public static TheoryData<string, string, string> Calls() => new()
    {
        { "alice", "stat /home/alice/notes.txt", "ok" },
        { "root", "stat /home/alice/notes.txt", "ok" },
        { "bob", "stat /home/alice/notes.txt", "denied /home/alice/notes.txt" },
        { "bob", "stat /home/alice/missing.txt", "denied /home/alice/missing.txt" },
        { "rita", "stat /home/alice/shared/plan.txt", "ok" },
        { "bob", "stat /home/alice/www/index.html", "ok" },
        { "bob", "stat /pub/readme.txt", "ok" },
        { "anon:read-only", "stat /pub/readme.txt", "ok" },
        { "anon:read-only", "stat /home/alice/www/index.html", "ok" },
        { "anon:read-only", "stat /home/alice/notes.txt", "denied /home/alice/notes.txt" },
        { "anon:none", "stat /pub/readme.txt", "denied /pub/readme.txt" },
        { "anon:full", "stat /home/alice/notes.txt", "ok" },

        { "alice", "list /home/alice", "ok" },
        { "rita", "list /home/alice", "denied /home/alice" },
        { "rita", "list /home/alice/shared", "ok" },
        { "bob", "list /home/alice/shared", "denied /home/alice/shared" },
        { "bob", "list /", "ok" },
        { "anon:none", "list /", "denied /" },

        { "alice", "open /home/alice/notes.txt", "ok" },
        { "bob", "open /home/alice/notes.txt", "denied /home/alice/notes.txt" },
        { "bob", "open /home/alice/report.txt", "ok" },
        { "anon:read-only", "open /home/alice/www/index.html", "ok" },
        { "anon:read-only", "open /home/bob/diary.txt", "denied /home/bob/diary.txt" },

        { "rita", "sha256 /home/alice/shared/plan.txt", "ok" },
        { "bob", "sha256 /home/alice/shared/plan.txt", "denied /home/alice/shared/plan.txt" },
        { "anon:none", "sha256 /pub/readme.txt", "denied /pub/readme.txt" },

        { "alice", "mkdir /home/alice/new", "ok" },
        { "will", "mkdir /home/alice/new", "denied /home/alice" },
        { "will", "mkdir /home/alice/shared/new", "ok" },
        { "rita", "mkdir /home/alice/shared/new", "denied /home/alice/shared" },
        { "alice", "mkdir /home/bob/new", "denied /home/bob" },
        { "bob", "mkdir /pub/new", "denied /pub" },
        { "root", "mkdir /pub/new", "ok" },
        { "anon:read-only", "mkdir /pub/new", "denied /pub" },
        { "anon:full", "mkdir /pub/new", "ok" },
        { "bob", "mkdir /home/bobby", "denied /home" },

        { "alice", "rm /home/alice/notes.txt", "ok" },
        { "bob", "rm /home/alice/notes.txt", "denied /home/alice" },
        { "will", "rm /home/alice/shared/plan.txt", "ok" },
        { "rita", "rm /home/alice/shared/plan.txt", "denied /home/alice/shared" },
        { "will", "rm /home/alice/shared/frozen.txt", "ok" },
        { "will", "rm /home/alice/shared/drafts/v1.txt", "denied /home/alice/shared/drafts" },
        { "bob", "rm /home/alice/report.txt", "denied /home/alice" },
        { "root", "rm /pub/readme.txt", "ok" },
        { "bob", "rm /pub/readme.txt", "denied /pub" },

        { "will", "rmdir /home/alice/shared/empty", "ok" },
        { "rita", "rmdir /home/alice/shared/empty", "denied /home/alice/shared" },
        { "will", "rmdir /home/alice/shared", "denied /home/alice" },
        { "root", "rmdir /pub/empty", "ok" },
        { "bob", "rmdir /pub/empty", "denied /pub" },
        { "carol", "rmdir /home/carol", "denied /home" },
        { "root", "rmdir /home/carol", "ok" },

        { "will", "mv /home/alice/shared/plan.txt /home/alice/shared/plan-v2.txt", "ok" },
        { "rita", "mv /home/alice/shared/plan.txt /home/alice/shared/plan-v2.txt", "denied /home/alice/shared" },
        { "will", "mv /home/alice/shared/plan.txt /home/will/plan.txt", "ok" },
        { "will", "mv /home/will/x.txt /home/alice/shared/x.txt", "ok" },
        { "will", "mv! /home/will/x.txt /home/alice/shared/plan.txt", "ok" },
        { "bob", "mv /home/alice/notes.txt /home/bob/notes.txt", "denied /home/alice" },
        { "will", "mv /home/will/x.txt /home/alice/x.txt", "denied /home/alice" },
        { "rita", "mv /home/alice/shared/plan.txt /home/rita/plan.txt", "denied /home/alice/shared" },
        { "will", "mv /home/alice/shared /home/will/shared", "denied /home/alice" },
        { "carol", "mv /home/carol /home/carol2", "denied /home" },
        { "root", "mv /home/bob/diary.txt /pub/diary.txt", "ok" },

        { "alice", "put /home/alice/new.txt", "ok" },
        { "will", "put /home/alice/shared/new.txt", "ok" },
        { "rita", "put /home/alice/shared/new.txt", "denied /home/alice/shared/new.txt" },
        { "will", "put /home/alice/shared/plan.txt", "ok" },
        { "rita", "put /home/alice/shared/plan.txt", "denied /home/alice/shared/plan.txt" },
        { "will", "put /home/alice/shared/frozen.txt", "denied /home/alice/shared/frozen.txt" },
        { "bob", "put /home/alice/report.txt", "ok" },
        { "bob", "put /home/alice/new.txt", "denied /home/alice/new.txt" },
        { "bob", "put /pub/readme.txt", "denied /pub/readme.txt" },
        { "root", "put /pub/new.txt", "ok" },
        { "anon:read-only", "put /pub/new.txt", "denied /pub/new.txt" },
        { "anon:full", "put /pub/readme.txt", "ok" },

        { "will", "writable /home/alice/shared/new.txt", "ok" },
        { "will", "writable /home/alice/shared/frozen.txt", "denied /home/alice/shared/frozen.txt" },
        { "bob", "writable /home/alice/report.txt", "ok" },
        { "bob", "writable /home/alice/other.txt", "denied /home/alice/other.txt" },
        { "anon:none", "writable /pub/new.txt", "denied /pub/new.txt" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Each_call_is_refused_exactly_when_the_principal_lacks_the_level_it_needs(string principal, string call, string expected)
    {
        var store = Guarded(principal);
        var before = Tree();

        var error = await Record.ExceptionAsync(() => Run(store, call));

        if (expected == "ok")
        {
            Assert.Null(error);
            return;
        }

        var named = expected["denied ".Length..];
        var refusal = Assert.IsType<StorageException>(error);
        var anonymous = principal.StartsWith("anon:", StringComparison.Ordinal);
        Assert.Equal(anonymous ? StorageErrorKind.SignInRequired : StorageErrorKind.PermissionDenied, refusal.Kind);
        Assert.Equal(named, refusal.VirtualPath);
        Assert.StartsWith(anonymous ? $"Sign in first: {named} " : $"Permission denied: {named} ", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_temp.Base, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, Tree());
    }

    [Fact]
    public void A_refusal_says_which_level_was_needed_and_which_the_user_has()
    {
        var frozen = Assert.Throws<StorageException>(() => Guarded("will").RequireWritable(P("/home/alice/shared/frozen.txt")));
        var notes = Assert.Throws<StorageException>(() => Guarded("bob").Stat(P("/home/alice/notes.txt")));

        Assert.Equal("Permission denied: /home/alice/shared/frozen.txt needs write access (you have read)", frozen.Message);
        Assert.Equal("Permission denied: /home/alice/notes.txt (you have no access to it)", notes.Message);
    }

    [Fact]
    public void A_share_published_while_a_session_is_open_applies_to_its_next_call()
    {
        var views = new AccessViewSource(View(Users, Entries));
        var bob = new GuardedFileStore(_files, views, () => As("bob"));
        Assert.Throws<StorageException>(() => bob.Stat(P("/home/alice/notes.txt")));

        var shared = new Dictionary<string, AccessEntry>(Entries) { ["/home/alice/notes.txt"] = Grants(("bob", AccessLevel.Read)) };
        views.Publish(View(Users, shared));

        Assert.Equal(13, bob.Stat(P("/home/alice/notes.txt")).Size);
        Assert.Equal(AccessLevel.Read, bob.LevelOf(P("/home/alice/notes.txt")));
    }

    [Fact]
    public void A_user_disabled_while_signed_in_is_refused_at_the_next_call()
    {
        var views = new AccessViewSource(View(Users, Entries));
        var alice = new GuardedFileStore(_files, views, () => As("alice"));
        alice.Stat(P("/home/alice/notes.txt"));

        views.Publish(View(Users.Select(u => u.Name == "alice" ? u with { Disabled = true } : u), Entries));

        var error = Assert.Throws<StorageException>(() => alice.Stat(P("/home/alice/notes.txt")));
        Assert.Equal(StorageErrorKind.PermissionDenied, error.Kind);
    }

    [Fact]
    public void A_session_that_signs_in_gets_its_user_s_access_from_its_next_call()
    {
        var principal = Principal.Anonymous;
        var store = new GuardedFileStore(_files, new AccessViewSource(View(Users, Entries, AnonymousAccess.ReadOnly)), () => principal);
        Assert.Throws<StorageException>(() => store.Stat(P("/home/bob/diary.txt")));

        principal = As("bob");

        Assert.Equal(AccessLevel.Owner, store.LevelOf(P("/home/bob/diary.txt")));
        store.Stat(P("/home/bob/diary.txt"));
    }

    [Fact]
    public void A_refused_upload_does_not_tell_whether_the_file_exists()
    {
        var bob = Guarded("bob");

        var existing = Assert.Throws<StorageException>(() => bob.BeginUpload(new UploadIntent(P("/home/alice/notes.txt"))));
        var absent = Assert.Throws<StorageException>(() => bob.BeginUpload(new UploadIntent(P("/home/alice/absent.txt"))));

        Assert.Equal(absent.Message, existing.Message.Replace("notes.txt", "absent.txt", StringComparison.Ordinal));
        Assert.Equal(absent.VirtualPath, existing.VirtualPath?.Replace("notes.txt", "absent.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grantee_cannot_carry_away_a_folder_he_may_only_read()
    {
        var will = Guarded("will");
        Assert.Throws<StorageException>(() => will.DeleteFile(P("/home/alice/shared/drafts/v1.txt")));

        var error = Record.Exception(() => will.Move(P("/home/alice/shared/drafts"), P("/home/will/drafts"), overwrite: false));

        Assert.Equal(StorageErrorKind.PermissionDenied, Assert.IsType<StorageException>(error).Kind);
        Assert.Equal("first draft", File.ReadAllText(_temp.HostPath("home/alice/shared/drafts/v1.txt")));
    }

    private GuardedFileStore Guarded(string principal)
    {
        var (anonymous, who) = principal switch
        {
            "anon:full" => (AnonymousAccess.Full, "anonymous"),
            "anon:read-only" => (AnonymousAccess.ReadOnly, "anonymous"),
            "anon:none" => (AnonymousAccess.None, "anonymous"),
            _ => (AnonymousAccess.Auto, principal),
        };
        var views = new AccessViewSource(View(Users, Entries, anonymous));
        var signedIn = As(who);
        return new GuardedFileStore(_files, views, () => signedIn);
    }

    private static async Task Run(GuardedFileStore store, string call)
    {
        var words = call.Split(' ');
        var path = P(words[1]);
        switch (words[0])
        {
            case "stat": store.Stat(path); break;
            case "list": store.List(path, PageRequest.All); break;
            case "open": store.OpenRead(path).Dispose(); break;
            case "sha256": await store.GetSha256Async(path); break;
            case "mkdir": store.CreateDirectory(path); break;
            case "rm": store.DeleteFile(path); break;
            case "rmdir": store.RemoveDirectory(path); break;
            case "mv": store.Move(path, P(words[2]), overwrite: false); break;
            case "mv!": store.Move(path, P(words[2]), overwrite: true); break;
            case "writable": store.RequireWritable(path); break;
            case "put":
                using (var upload = store.BeginUpload(new UploadIntent(path))) store.DiscardUpload(upload);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call");
        }
    }

    /// <summary>Every entry under the root (the internal folder left out), with each file's content.</summary>
    private string Tree() => string.Join('\n', Directory
        .EnumerateFileSystemEntries(_temp.Root, "*", SearchOption.AllDirectories)
        .Select(host => Path.GetRelativePath(_temp.Root, host))
        .Where(relative => !relative.StartsWith(".actorfs", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(relative => File.Exists(_temp.HostPath(relative)) ? relative + " = " + File.ReadAllText(_temp.HostPath(relative)) : relative + "/"));
}
