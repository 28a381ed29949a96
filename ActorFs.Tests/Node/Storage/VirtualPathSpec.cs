using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class VirtualPathSpec
{
    private static readonly VirtualPath Docs = VirtualPath.Parse("/docs/2024");

    [Theory]
    [InlineData("..", "/docs")]
    [InlineData("../..", "/")]
    [InlineData("../../../../..", "/")]
    [InlineData("/../../etc/passwd", "/etc/passwd")]
    [InlineData("a/../../../b", "/b")]
    public void A_path_with_dotdot_segments_never_climbs_above_the_root(string input, string expected) =>
        Assert.Equal(expected, VirtualPath.Resolve(Docs, input).Value);

    [Fact]
    public void An_absolute_path_is_rooted_at_the_virtual_root_not_the_host_root() =>
        Assert.Equal("/etc/passwd", VirtualPath.Resolve(Docs, "/etc/passwd").Value);

    [Theory]
    [InlineData("a.txt", "/docs/2024/a.txt")]
    [InlineData("./a//b///c/.", "/docs/2024/a/b/c")]
    [InlineData(".", "/docs/2024")]
    [InlineData("//x//", "/x")]
    public void A_relative_path_starts_at_the_working_directory_with_dots_and_repeated_slashes_removed(string input, string expected) =>
        Assert.Equal(expected, VirtualPath.Resolve(Docs, input).Value);

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("\u001b[31m")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    [InlineData("")]
    public void Empty_input_control_characters_and_invalid_unicode_are_refused(string input)
    {
        var error = Assert.Throws<StorageException>(() => VirtualPath.Resolve(Docs, input));
        Assert.Equal(StorageErrorKind.InvalidPath, error.Kind);
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused_as_it_has_no_utf8_form() =>
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Resolve(Docs, "bad\ud800surrogate")).Kind);

    [Fact]
    public void A_segment_longer_than_255_bytes_is_refused_even_when_it_is_few_characters()
    {
        Assert.Equal(255, VirtualPath.Parse(new string('a', 255)).Name.Length);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Parse(new string('a', 256))).Kind);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Parse(new string('é', 128))).Kind);
    }

    [Fact]
    public void A_path_longer_than_4096_bytes_is_refused()
    {
        var segment = new string('a', 200);
        var longPath = string.Join('/', Enumerable.Repeat(segment, 21));
        Assert.True(longPath.Length > 4096);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Parse(longPath)).Kind);
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Parse(new string('a', 5000))).Kind);
    }

    [Fact]
    public void Unicode_names_are_kept_as_typed()
    {
        var path = VirtualPath.Resolve(VirtualPath.Root, "Ärger/日本語 ファイル.txt");
        Assert.Equal("/Ärger/日本語 ファイル.txt", path.Value);
        Assert.Equal("日本語 ファイル.txt", path.Name);
    }

    [Fact]
    public void Parent_name_and_combine_walk_the_tree_and_the_root_is_its_own_parent()
    {
        var file = VirtualPath.Parse("/a/b/c.txt");
        Assert.Equal("c.txt", file.Name);
        Assert.Equal("/a/b", file.Parent.Value);
        Assert.Equal(VirtualPath.Root, VirtualPath.Parse("/a").Parent);
        Assert.Equal(VirtualPath.Root, VirtualPath.Root.Parent);
        Assert.Equal(string.Empty, VirtualPath.Root.Name);
        Assert.Equal(file, file.Parent.Combine("c.txt"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("nul\0")]
    public void Combine_refuses_anything_but_one_valid_name(string name) =>
        Assert.Equal(StorageErrorKind.InvalidPath, Assert.Throws<StorageException>(() => VirtualPath.Root.Combine(name)).Kind);

    [Fact]
    public void A_sibling_whose_name_shares_a_prefix_is_not_under_the_other()
    {
        Assert.False(VirtualPath.Parse("/data2/x").IsSameOrUnder(VirtualPath.Parse("/data")));
        Assert.True(VirtualPath.Parse("/data/x").IsSameOrUnder(VirtualPath.Parse("/data")));
        Assert.True(VirtualPath.Parse("/data").IsSameOrUnder(VirtualPath.Root));
    }
}
