using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class FileStoreSpec : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public FileStoreSpec() => _store = _temp.CreateStore();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Listing_is_sorted_by_ordinal_name_and_hides_the_internal_folder()
    {
        _temp.WriteFile("b.txt", "bb");
        _temp.WriteFile("B.txt", "B");
        _temp.WriteFile(".hidden", "h");
        Directory.CreateDirectory(_temp.HostPath("a-dir"));
        _store.BeginUpload(new UploadIntent(VirtualPath.Parse("/up.txt"))).Dispose();
        Assert.True(Directory.Exists(_temp.HostPath(".actorfs")));

        var page = _store.List(VirtualPath.Root, PageRequest.All);

        Assert.Equal([".hidden", "B.txt", "a-dir", "b.txt"], page.Entries.Select(e => e.Name));
        Assert.Equal(4, page.Total);
        Assert.Null(page.NextCursor);
        Assert.Equal(FileKind.Directory, page.Entries[2].Kind);
        Assert.Equal(2, page.Entries[3].Size);
    }

    [Fact]
    public void Listing_pages_by_offset_and_by_cursor()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _temp.WriteFile(name, name);
        }

        var first = _store.List(VirtualPath.Root, new PageRequest(Limit: 2));
        Assert.Equal(["a", "b"], first.Entries.Select(e => e.Name));
        Assert.Equal("b", first.NextCursor);

        File.Delete(_temp.HostPath("a")); // a cursor is stable when earlier entries go
        var second = _store.List(VirtualPath.Root, new PageRequest(Limit: 2, After: first.NextCursor));
        Assert.Equal(["c", "d"], second.Entries.Select(e => e.Name));

        var last = _store.List(VirtualPath.Root, new PageRequest(Offset: 3, Limit: 10));
        Assert.Equal(["e"], last.Entries.Select(e => e.Name));
        Assert.Null(last.NextCursor);
    }

    [Fact]
    public void A_listing_page_must_ask_for_at_least_one_entry() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.List(VirtualPath.Root, new PageRequest(Limit: 0)));

    [Fact]
    public void Listing_a_file_or_a_missing_directory_is_refused()
    {
        _temp.WriteFile("f.txt", "x");
        Assert.Equal(StorageErrorKind.NotADirectory, Assert.Throws<StorageException>(() => _store.List(VirtualPath.Parse("/f.txt"), PageRequest.All)).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.List(VirtualPath.Parse("/nope"), PageRequest.All)).Kind);
        Assert.Equal(StorageErrorKind.NotADirectory, Assert.Throws<StorageException>(() => _store.List(VirtualPath.Parse("/f.txt/below"), PageRequest.All)).Kind);
    }

    [Fact]
    public void Stat_reports_kind_size_and_time_of_unicode_names()
    {
        _temp.WriteFile("日本語/ファイル.txt", "12345");
        var entry = _store.Stat(VirtualPath.Parse("/日本語/ファイル.txt"));
        Assert.Equal(FileKind.File, entry.Kind);
        Assert.Equal(5, entry.Size);
        Assert.Equal(File.GetLastWriteTimeUtc(_temp.HostPath("日本語/ファイル.txt")), entry.LastWriteTimeUtc);
        Assert.Null(entry.Sha256);
        Assert.Equal(FileKind.Directory, _store.Stat(VirtualPath.Root).Kind);
    }

    [Fact]
    public void Creating_a_directory_needs_its_parent_and_refuses_an_existing_name()
    {
        _store.CreateDirectory(VirtualPath.Parse("/a"));
        Assert.True(Directory.Exists(_temp.HostPath("a")));
        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => _store.CreateDirectory(VirtualPath.Parse("/a"))).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.CreateDirectory(VirtualPath.Parse("/missing/b"))).Kind);
        Assert.False(Directory.Exists(_temp.HostPath("missing")));
    }

    [Fact]
    public void Deleting_removes_files_only_and_removing_directories_needs_them_empty()
    {
        _temp.WriteFile("d/f.txt", "x");
        Assert.Equal(StorageErrorKind.NotAFile, Assert.Throws<StorageException>(() => _store.DeleteFile(VirtualPath.Parse("/d"))).Kind);
        Assert.Equal(StorageErrorKind.NotEmpty, Assert.Throws<StorageException>(() => _store.RemoveDirectory(VirtualPath.Parse("/d"))).Kind);
        Assert.Equal(StorageErrorKind.NotADirectory, Assert.Throws<StorageException>(() => _store.RemoveDirectory(VirtualPath.Parse("/d/f.txt"))).Kind);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => _store.RemoveDirectory(VirtualPath.Root)).Kind);

        _store.DeleteFile(VirtualPath.Parse("/d/f.txt"));
        _store.RemoveDirectory(VirtualPath.Parse("/d"));

        Assert.False(Directory.Exists(_temp.HostPath("d")));
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.DeleteFile(VirtualPath.Parse("/d/f.txt"))).Kind);
    }

    [Fact]
    public void Deleting_a_symlink_removes_the_link_and_never_its_target()
    {
        File.CreateSymbolicLink(_temp.HostPath("link"), Path.Join(_temp.Outside, "secret.txt"));
        _store.DeleteFile(VirtualPath.Parse("/link"));
        Assert.True(File.Exists(Path.Join(_temp.Outside, "secret.txt")));
        Assert.False(File.Exists(_temp.HostPath("link")));
    }

    [Fact]
    public void Moving_refuses_an_existing_target_unless_overwriting_a_file()
    {
        _temp.WriteFile("a.txt", "a");
        _temp.WriteFile("b.txt", "b");
        Directory.CreateDirectory(_temp.HostPath("dir"));

        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => _store.Move(VirtualPath.Parse("/a.txt"), VirtualPath.Parse("/b.txt"), overwrite: false)).Kind);
        Assert.Equal("b", File.ReadAllText(_temp.HostPath("b.txt")));
        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => _store.Move(VirtualPath.Parse("/a.txt"), VirtualPath.Parse("/dir"), overwrite: true)).Kind);

        _store.Move(VirtualPath.Parse("/a.txt"), VirtualPath.Parse("/b.txt"), overwrite: true);
        Assert.Equal("a", File.ReadAllText(_temp.HostPath("b.txt")));
        Assert.False(File.Exists(_temp.HostPath("a.txt")));

        _store.Move(VirtualPath.Parse("/dir"), VirtualPath.Parse("/renamed"), overwrite: false);
        Assert.True(Directory.Exists(_temp.HostPath("renamed")));
    }

    [Fact]
    public void Moving_a_directory_into_itself_is_refused()
    {
        Directory.CreateDirectory(_temp.HostPath("dir/sub"));
        Directory.CreateSymbolicLink(_temp.HostPath("alias"), _temp.HostPath("dir/sub"));
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => _store.Move(VirtualPath.Parse("/dir"), VirtualPath.Parse("/dir/sub/dir"), false)).Kind);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => _store.Move(VirtualPath.Parse("/dir"), VirtualPath.Parse("/alias/dir"), false)).Kind);
        Assert.True(Directory.Exists(_temp.HostPath("dir/sub")));
    }

    [Fact]
    public void Moving_without_renameat2_still_refuses_an_existing_target()
    {
        var store = _temp.CreateStore(new LocalFileStoreOptions { UseRenameat2 = false });
        _temp.WriteFile("a.txt", "a");
        _temp.WriteFile("b.txt", "b");
        Directory.CreateDirectory(_temp.HostPath("d1"));
        Directory.CreateDirectory(_temp.HostPath("d2"));

        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => store.Move(VirtualPath.Parse("/a.txt"), VirtualPath.Parse("/b.txt"), false)).Kind);
        Assert.Equal(StorageErrorKind.AlreadyExists, Assert.Throws<StorageException>(() => store.Move(VirtualPath.Parse("/d1"), VirtualPath.Parse("/d2"), false)).Kind);
        store.Move(VirtualPath.Parse("/a.txt"), VirtualPath.Parse("/c.txt"), false);
        store.Move(VirtualPath.Parse("/d1"), VirtualPath.Parse("/d3"), false);

        Assert.Equal("a", File.ReadAllText(_temp.HostPath("c.txt")));
        Assert.False(File.Exists(_temp.HostPath("a.txt")));
        Assert.True(Directory.Exists(_temp.HostPath("d3")));
    }

    [Fact]
    public void Opening_for_read_gives_the_bytes_length_and_time_and_refuses_directories()
    {
        _temp.WriteFile("f.bin", "hello");
        using (var file = _store.OpenRead(VirtualPath.Parse("/f.bin")))
        {
            Assert.Equal(5, file.Length);
            Assert.Equal(File.GetLastWriteTimeUtc(_temp.HostPath("f.bin")), file.LastWriteTimeUtc);
            var buffer = new byte[5];
            Assert.Equal(5, RandomAccess.Read(file.Handle, buffer, 0));
            Assert.Equal("hello"u8.ToArray(), buffer);
        }

        Directory.CreateDirectory(_temp.HostPath("dir"));
        Assert.Equal(StorageErrorKind.NotAFile, Assert.Throws<StorageException>(() => _store.OpenRead(VirtualPath.Parse("/dir"))).Kind);
        Assert.Equal(StorageErrorKind.NotFound, Assert.Throws<StorageException>(() => _store.OpenRead(VirtualPath.Parse("/none"))).Kind);
    }

    [Fact]
    public void Free_space_reports_the_bytes_available_on_the_roots_filesystem()
    {
        var free = _store.FreeSpace();
        Assert.True(free > 0);
        Assert.Equal(new DriveInfo(_temp.Base).AvailableFreeSpace, free, tolerance: 64L * 1024 * 1024);
    }
}
