using System.Text;
using ActorFs.Node.Access;
using ActorFs.Node.Quotas;
using ActorFs.Node.Storage;
using ActorFs.Tests.Node.Storage;
using static ActorFs.Tests.Node.Access.Accounts;

namespace ActorFs.Tests.Node.Quotas;

/// <summary>The metered store over real files: each change moves the owners' totals by exactly what changed on disk.</summary>
public sealed class MeteredFileStoreSpec : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly QuotaLedger _ledger = new();
    private readonly MeteredFileStore _store;

    public MeteredFileStoreSpec()
    {
        var views = new AccessViewSource(View([User("alice"), User("bob")]));
        _store = new MeteredFileStore(_temp.CreateStore(), views, _ledger);
        foreach (var folder in new[] { "home/alice", "home/bob", "home/ghost", "pub" }) Directory.CreateDirectory(_temp.HostPath(folder));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Committing_a_new_file_charges_its_owner_its_bytes_and_one_file()
    {
        Put("/home/alice/a.txt", 100);

        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("alice"));
        Assert.Equal(default, _ledger.UsageOf("bob"));
    }

    [Theory]
    [InlineData(100, 250)]
    [InlineData(250, 100)]
    [InlineData(100, 0)]
    public void Overwriting_a_file_charges_only_the_difference(int before, int after)
    {
        Put("/home/alice/a.txt", before);
        Put("/home/alice/b.txt", 7);

        Put("/home/alice/a.txt", after, overwrite: true);

        Assert.Equal(new Usage(after + 7, 2), _ledger.UsageOf("alice"));
    }

    [Fact]
    public void Committing_with_overwrite_to_a_new_name_charges_a_new_file()
    {
        Put("/home/alice/a.txt", 40, overwrite: true);

        Assert.Equal(new Usage(40, 1), _ledger.UsageOf("alice"));
    }

    [Fact]
    public void A_commit_refused_because_the_name_is_taken_charges_nothing()
    {
        Put("/home/alice/a.txt", 100);
        using var upload = Stage("/home/alice/a.txt", 500);

        Assert.Throws<StorageException>(() => _store.CommitUpload(upload, overwrite: false));

        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("alice"));
        _store.DiscardUpload(upload);
    }

    [Fact]
    public void Deleting_a_file_gives_its_bytes_and_file_back()
    {
        Put("/home/alice/a.txt", 100);
        Put("/home/alice/b.txt", 30);

        _store.DeleteFile(P("/home/alice/a.txt"));

        Assert.Equal(new Usage(30, 1), _ledger.UsageOf("alice"));
    }

    [Fact]
    public void Creating_and_removing_folders_costs_nothing()
    {
        Put("/home/alice/a.txt", 10);
        var version = _ledger.Version;

        _store.CreateDirectory(P("/home/alice/docs"));
        _store.RemoveDirectory(P("/home/alice/docs"));

        Assert.Equal(new Usage(10, 1), _ledger.UsageOf("alice"));
        Assert.Equal(version, _ledger.Version);
    }

    [Fact]
    public void Moving_within_one_owner_changes_nothing()
    {
        Put("/home/alice/a.txt", 100);
        _store.CreateDirectory(P("/home/alice/docs"));
        var version = _ledger.Version;

        _store.Move(P("/home/alice/a.txt"), P("/home/alice/docs/a.txt"), overwrite: false);
        _store.Move(P("/home/alice/docs"), P("/home/alice/archive"), overwrite: false);

        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("alice"));
        Assert.Equal(version, _ledger.Version);
    }

    [Fact]
    public void Moving_a_file_over_another_of_the_same_owner_frees_the_replaced_one()
    {
        Put("/home/alice/a.txt", 100);
        Put("/home/alice/b.txt", 30);

        _store.Move(P("/home/alice/a.txt"), P("/home/alice/b.txt"), overwrite: true);

        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("alice"));
    }

    [Fact]
    public void Moving_a_file_to_another_owner_moves_it_between_their_totals()
    {
        Put("/home/alice/a.txt", 100);
        Put("/home/alice/keep.txt", 1);
        Put("/home/bob/b.txt", 20);

        _store.Move(P("/home/alice/a.txt"), P("/home/bob/a.txt"), overwrite: false);

        Assert.Equal(new Usage(1, 1), _ledger.UsageOf("alice"));
        Assert.Equal(new Usage(120, 2), _ledger.UsageOf("bob"));
    }

    [Fact]
    public void Moving_a_file_over_another_owner_s_file_charges_the_new_owner_only_the_difference()
    {
        Put("/home/alice/a.txt", 100);
        Put("/home/bob/a.txt", 30);

        _store.Move(P("/home/alice/a.txt"), P("/home/bob/a.txt"), overwrite: true);

        Assert.Equal(default, _ledger.UsageOf("alice"));
        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("bob"));
    }

    [Fact]
    public void Moving_a_whole_folder_to_another_owner_moves_every_file_below_it()
    {
        Put("/home/alice/keep.txt", 5);
        _store.CreateDirectory(P("/home/alice/project"));
        _store.CreateDirectory(P("/home/alice/project/src"));
        _store.CreateDirectory(P("/home/alice/project/src/deep"));
        Put("/home/alice/project/readme.md", 10);
        Put("/home/alice/project/src/main.cs", 200);
        Put("/home/alice/project/src/deep/util.cs", 3000);

        _store.Move(P("/home/alice/project"), P("/home/bob/project"), overwrite: false);

        Assert.Equal(new Usage(5, 1), _ledger.UsageOf("alice"));
        Assert.Equal(new Usage(3210, 3), _ledger.UsageOf("bob"));
    }

    [Fact]
    public void Moving_out_of_a_home_frees_the_bytes_and_moving_in_charges_them()
    {
        Put("/home/alice/a.txt", 100);

        _store.Move(P("/home/alice/a.txt"), P("/pub/a.txt"), overwrite: false);
        Assert.Equal(default, _ledger.UsageOf("alice"));

        _store.Move(P("/pub/a.txt"), P("/home/bob/a.txt"), overwrite: false);
        Assert.Equal(new Usage(100, 1), _ledger.UsageOf("bob"));
    }

    [Fact]
    public void Files_outside_any_user_s_home_are_not_counted()
    {
        var version = _ledger.Version;

        Put("/pub/a.txt", 100);
        Put("/root.txt", 10);
        Put("/home/ghost/left.txt", 50);
        _store.Move(P("/pub/a.txt"), P("/pub/b.txt"), overwrite: false);
        _store.DeleteFile(P("/root.txt"));

        Assert.Empty(_ledger.Snapshot());
        Assert.Equal(version, _ledger.Version);
    }

    private void Put(string path, int size, bool overwrite = false)
    {
        using var upload = Stage(path, size);
        _store.CommitUpload(upload, overwrite);
    }

    private IStagedUpload Stage(string path, int size)
    {
        var upload = _store.BeginUpload(new UploadIntent(P(path), DeclaredSize: size));
        upload.Content.Write(Encoding.ASCII.GetBytes(new string('x', size)));
        return upload;
    }
}
