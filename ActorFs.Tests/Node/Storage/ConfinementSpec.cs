using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

/// <summary>The traversal corpus: nothing a client names may reach outside the root or into the internal folder.</summary>
public sealed class ConfinementSpec : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public ConfinementSpec()
    {
        _temp.WriteFile("inside/file.txt", "inside");
        _store = _temp.CreateStore();
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("../data2/secret.txt")]
    [InlineData("/../data2/secret.txt")]
    [InlineData("../outside/secret.txt")]
    public void Traversal_attempts_resolve_inside_the_root_and_never_read_outside(string input)
    {
        var path = VirtualPath.Resolve(VirtualPath.Parse("/inside"), input);
        if (path.IsRoot)
        {
            Assert.Equal(FileKind.Directory, _store.Stat(path).Kind);
            return;
        }

        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.OpenRead(path)).Kind);
    }

    [Fact]
    public void A_symlink_to_a_file_outside_the_root_is_refused_with_an_absolute_target()
    {
        File.CreateSymbolicLink(_temp.HostPath("abs-link"), Path.Join(_temp.Outside, "secret.txt"));
        AssertOutsideRoot(() => _store.OpenRead(VirtualPath.Parse("/abs-link")));
        AssertOutsideRoot(() => _store.Stat(VirtualPath.Parse("/abs-link")));
    }

    [Fact]
    public void A_symlink_to_a_file_in_a_sibling_sharing_the_roots_prefix_is_refused_with_a_relative_target()
    {
        File.CreateSymbolicLink(_temp.HostPath("rel-link"), "../data2/secret.txt");
        AssertOutsideRoot(() => _store.OpenRead(VirtualPath.Parse("/rel-link")));
    }

    [Fact]
    public void A_symlinked_directory_leading_outside_is_refused_for_every_path_below_it()
    {
        Directory.CreateSymbolicLink(_temp.HostPath("out-dir"), _temp.Outside);
        Directory.CreateSymbolicLink(_temp.HostPath("inside/rel-out-dir"), "../../outside");
        AssertOutsideRoot(() => _store.OpenRead(VirtualPath.Parse("/out-dir/secret.txt")));
        AssertOutsideRoot(() => _store.List(VirtualPath.Parse("/out-dir"), PageRequest.All));
        AssertOutsideRoot(() => _store.List(VirtualPath.Parse("/inside/rel-out-dir"), PageRequest.All));
        AssertOutsideRoot(() => _store.CreateDirectory(VirtualPath.Parse("/out-dir/new")));
        AssertOutsideRoot(() => _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/inside/rel-out-dir/new.txt"))));
        Assert.False(Directory.Exists(Path.Join(_temp.Outside, "new")));
    }

    [Fact]
    public void A_symlink_that_stays_inside_the_root_is_followed()
    {
        File.CreateSymbolicLink(_temp.HostPath("alias.txt"), "inside/file.txt");
        Directory.CreateSymbolicLink(_temp.HostPath("alias-dir"), _temp.HostPath("inside"));

        using (var file = _store.OpenRead(VirtualPath.Parse("/alias.txt")))
        using (var reader = new StreamReader(file.OpenStream()))
        {
            Assert.Equal("inside", reader.ReadToEnd());
        }

        Assert.Equal(FileKind.File, _store.Stat(VirtualPath.Parse("/alias-dir/file.txt")).Kind);
        Assert.Equal(["file.txt"], _store.List(VirtualPath.Parse("/alias-dir"), PageRequest.All).Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_symlink_into_the_internal_folder_is_refused()
    {
        _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/x.txt"))).Dispose();
        Directory.CreateSymbolicLink(_temp.HostPath("peek"), ".actorfs/staging");
        AssertOutsideRoot(() => _store.List(VirtualPath.Parse("/peek"), PageRequest.All));
    }

    [Fact]
    public void Listing_shows_links_leading_outside_as_other_without_following_them()
    {
        File.CreateSymbolicLink(_temp.HostPath("inside/escape"), Path.Join(_temp.Outside, "secret.txt"));
        var entry = Assert.Single(_store.List(VirtualPath.Parse("/inside"), PageRequest.All).Entries, e => e.Name == "escape");
        Assert.Equal(FileKind.Other, entry.Kind);
        Assert.Equal(0, entry.Size);
    }

    [Fact]
    public void The_internal_folder_cannot_be_addressed_by_any_operation()
    {
        _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/x.txt"))).Dispose();
        var staging = VirtualPath.Parse("/.actorfs/staging");
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.Stat(VirtualPath.Parse("/.actorfs"))).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.List(staging, PageRequest.All)).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.RemoveDirectory(staging)).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.Move(staging, VirtualPath.Parse("/stolen"), false)).Kind);
        Assert.Equal(StorageErrorKind.Reserved, Assert.Throws<StorageException>(() => _store.CreateDirectory(VirtualPath.Parse("/.actorfs/x"))).Kind);
        Assert.Equal(StorageErrorKind.Reserved, Assert.Throws<StorageException>(() => _store.Move(VirtualPath.Parse("/inside"), VirtualPath.Parse("/.actorfs/inside"), false)).Kind);
        Assert.Equal(StorageErrorKind.Reserved, Assert.Throws<StorageException>(() => _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/.actorfs/evil")))).Kind);
        Assert.True(Directory.Exists(_temp.HostPath(".actorfs/staging")));
    }

    [Fact]
    public void A_descriptor_that_turns_out_to_be_outside_the_root_is_refused_after_opening()
    {
        // Stands for a component swapped for a link between the check and the open.
        var confinement = new RootConfinement(_temp.Root);
        var handle = File.OpenHandle(Path.Join(_temp.Sibling, "secret.txt"));
        AssertOutsideRoot(() => confinement.ConfirmOpened(handle, _temp.HostPath("inside/file.txt"), VirtualPath.Parse("/inside/file.txt")));
        Assert.True(handle.IsClosed);
    }

    [Fact]
    public void Without_proc_the_opened_path_is_checked_again()
    {
        var confinement = new RootConfinement(_temp.Root, useProcFd: false);
        File.CreateSymbolicLink(_temp.HostPath("swapped"), Path.Join(_temp.Outside, "secret.txt"));
        using var inside = File.OpenHandle(_temp.HostPath("inside/file.txt"));
        confinement.ConfirmOpened(inside, _temp.HostPath("inside/file.txt"), VirtualPath.Parse("/inside/file.txt"));
        var outside = File.OpenHandle(_temp.HostPath("swapped"));
        AssertOutsideRoot(() => confinement.ConfirmOpened(outside, _temp.HostPath("swapped"), VirtualPath.Parse("/swapped")));
    }

    [Fact]
    public void Error_messages_name_virtual_paths_and_never_host_paths()
    {
        File.CreateSymbolicLink(_temp.HostPath("abs-link"), Path.Join(_temp.Outside, "secret.txt"));
        var errors = new[]
        {
            Assert.Throws<StorageException>(() => _store.OpenRead(VirtualPath.Parse("/abs-link"))),
            Assert.Throws<StorageException>(() => _store.Stat(VirtualPath.Parse("/missing/deeper"))),
            Assert.Throws<StorageException>(() => _store.List(VirtualPath.Parse("/inside/file.txt"), PageRequest.All)),
            Assert.Throws<StorageException>(() => _store.CreateDirectory(VirtualPath.Parse("/inside"))),
        };
        Assert.All(errors, e => Assert.DoesNotContain(_temp.Base, e.Message, StringComparison.Ordinal));
        Assert.Contains("/abs-link", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_given_through_a_symlink_is_served_from_its_canonical_folder()
    {
        var linkedRoot = Path.Join(_temp.Base, "root-link");
        Directory.CreateSymbolicLink(linkedRoot, _temp.Root);
        var store = new LocalFileStore(linkedRoot);
        Assert.Equal(FileKind.File, store.Stat(VirtualPath.Parse("/inside/file.txt")).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => store.OpenRead(VirtualPath.Parse("/../root-link/../data2/secret.txt"))).Kind);
    }

    private static void AssertOutsideRoot(Func<object> act) =>
        Assert.Equal(StorageErrorKind.OutsideRoot, Assert.Throws<StorageException>(act).Kind);

    private static void AssertOutsideRoot(Action act) =>
        Assert.Equal(StorageErrorKind.OutsideRoot, Assert.Throws<StorageException>(act).Kind);
}
