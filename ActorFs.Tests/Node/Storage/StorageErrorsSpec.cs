using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Storage;

public sealed class StorageErrorsSpec
{
    private static readonly VirtualPath Target = VirtualPath.Parse("/up/file.bin");

    [Theory]
    [InlineData(28, (int)StorageErrorKind.InsufficientStorage)]
    [InlineData(122, (int)StorageErrorKind.InsufficientStorage)]
    [InlineData(2, (int)StorageErrorKind.NotFound)]
    [InlineData(17, (int)StorageErrorKind.AlreadyExists)]
    [InlineData(39, (int)StorageErrorKind.NotEmpty)]
    [InlineData(13, (int)StorageErrorKind.PermissionDenied)]
    [InlineData(5, (int)StorageErrorKind.IoError)]
    public void A_host_io_failure_maps_to_a_stable_kind_and_hides_the_host_path(int errno, int expected)
    {
        var host = new IOException("No space left on device : '/srv/secret/data/.actorfs/staging/x.part'", errno);

        var mapped = StorageErrors.FromException(host, Target, "write");

        Assert.Equal((StorageErrorKind)expected, mapped.Kind);
        Assert.Equal("/up/file.bin", mapped.VirtualPath);
        Assert.Contains("/up/file.bin", mapped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv", mapped.Message, StringComparison.Ordinal);
        Assert.Same(host, mapped.InnerException);
    }
}
