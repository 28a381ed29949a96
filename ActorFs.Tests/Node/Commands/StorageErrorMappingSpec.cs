using ActorFs.Messages;
using ActorFs.Node.Commands;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Commands;

public sealed class StorageErrorMappingSpec
{
    public static TheoryData<string, int, string> V2Table => new()
    {
        { nameof(StorageErrorKind.NotFound), 404, "not_found" },
        { nameof(StorageErrorKind.AlreadyExists), 409, "exists" },
        { nameof(StorageErrorKind.NotEmpty), 409, "not_empty" },
        { nameof(StorageErrorKind.NotADirectory), 409, "not_a_directory" },
        { nameof(StorageErrorKind.NotAFile), 409, "is_a_directory" },
        { nameof(StorageErrorKind.InvalidPath), 400, "bad_request" },
        { nameof(StorageErrorKind.OutsideRoot), 403, "forbidden" },
        { nameof(StorageErrorKind.Reserved), 403, "forbidden" },
        { nameof(StorageErrorKind.PermissionDenied), 403, "forbidden" },
        { nameof(StorageErrorKind.InsufficientStorage), 507, "insufficient_storage" },
        { nameof(StorageErrorKind.SignInRequired), 401, "unauthorized" },
        { nameof(StorageErrorKind.IoError), 500, "internal" },
    };

    [Theory]
    [MemberData(nameof(V2Table))]
    public void Every_storage_error_kind_has_one_v2_status_and_code(string kindName, int status, string wire)
    {
        var kind = Enum.Parse<StorageErrorKind>(kindName);

        var reply = StorageErrorMapping.ToErrorReply(new StorageException(kind, "Something about /a", "/a"), 9, "stat");

        Assert.Equal(status, (int)reply.Status);
        Assert.Equal(wire, reply.Error.ToWire());
        Assert.Equal(9, reply.Id);
        Assert.Equal("stat", reply.Command);
    }

    [Fact]
    public void The_mapping_covers_every_storage_error_kind() =>
        Assert.Equal(Enum.GetNames<StorageErrorKind>().Order(), V2Table.Select(row => (string)row[0]).Order());

    [Fact]
    public void An_io_error_message_keeps_the_virtual_path_and_drops_the_details()
    {
        var reply = StorageErrorMapping.ToErrorReply(StorageErrors.FromErrno(5, VirtualPath.Parse("/d/a"), "read"), 1, "get");

        Assert.Equal("The node could not complete the operation on /d/a.", reply.Message);
    }

    [Theory]
    [InlineData("cd", nameof(StorageErrorKind.NotFound), "No such directory")]
    [InlineData("cd", nameof(StorageErrorKind.OutsideRoot), "No such directory")]
    [InlineData("ls", nameof(StorageErrorKind.NotADirectory), "No such directory")]
    [InlineData("ls", nameof(StorageErrorKind.InvalidPath), "Invalid command or argument(s)")]
    [InlineData("mkdir", nameof(StorageErrorKind.AlreadyExists), "Directory already exists")]
    [InlineData("mkdir", nameof(StorageErrorKind.NotFound), "No such directory")]
    [InlineData("mkdir", nameof(StorageErrorKind.Reserved), "Invalid command or argument(s)")]
    [InlineData("get", nameof(StorageErrorKind.NotAFile), "No such file")]
    [InlineData("get", nameof(StorageErrorKind.NotFound), "No such file")]
    [InlineData("get", nameof(StorageErrorKind.PermissionDenied), "No such file")]
    [InlineData("put", nameof(StorageErrorKind.AlreadyExists), "File already exists")]
    [InlineData("put", nameof(StorageErrorKind.NotFound), "No such directory")]
    [InlineData("put", nameof(StorageErrorKind.Reserved), "Invalid command or argument(s)")]
    public void Legacy_texts_depend_on_the_command(string command, string kindName, string text) =>
        Assert.Equal(text, StorageErrorMapping.ToLegacyMessage(command, Enum.Parse<StorageErrorKind>(kindName)));
}
