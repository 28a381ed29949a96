using ActorFs.Messages;

namespace ActorFs.Tests.Messages;

public sealed class ErrorCodesSpec
{
    [Theory]
    [InlineData(ErrorCode.BadRequest, "bad_request", 400)]
    [InlineData(ErrorCode.UnknownCommand, "unknown_command", 400)]
    [InlineData(ErrorCode.UnsupportedProtocol, "unsupported_protocol", 400)]
    [InlineData(ErrorCode.Unauthorized, "unauthorized", 401)]
    [InlineData(ErrorCode.Forbidden, "forbidden", 403)]
    [InlineData(ErrorCode.NotFound, "not_found", 404)]
    [InlineData(ErrorCode.Timeout, "timeout", 408)]
    [InlineData(ErrorCode.Exists, "exists", 409)]
    [InlineData(ErrorCode.NotEmpty, "not_empty", 409)]
    [InlineData(ErrorCode.NotADirectory, "not_a_directory", 409)]
    [InlineData(ErrorCode.IsADirectory, "is_a_directory", 409)]
    [InlineData(ErrorCode.Conflict, "conflict", 409)]
    [InlineData(ErrorCode.Gone, "gone", 410)]
    [InlineData(ErrorCode.TooLarge, "too_large", 413)]
    [InlineData(ErrorCode.ChecksumMismatch, "checksum_mismatch", 422)]
    [InlineData(ErrorCode.TooManyRequests, "too_many_requests", 429)]
    [InlineData(ErrorCode.Internal, "internal", 500)]
    [InlineData(ErrorCode.ShuttingDown, "shutting_down", 503)]
    [InlineData(ErrorCode.Unavailable, "unavailable", 503)]
    [InlineData(ErrorCode.InsufficientStorage, "insufficient_storage", 507)]
    public void Every_error_code_must_have_its_stable_wire_name_and_status(ErrorCode code, string wire, int status)
    {
        Assert.Equal(wire, code.ToWire());
        Assert.Equal(status, (int)code.Status());
        Assert.Equal(code, ErrorCodes.FromWire(wire));
    }

    [Fact]
    public void The_catalog_must_list_every_known_code_once()
    {
        var all = ErrorCodes.All.ToList();

        Assert.Equal(Enum.GetValues<ErrorCode>().Length - 1, all.Count);
        Assert.Equal(all.Count, all.Select(c => c.ToWire()).Distinct().Count());
        Assert.DoesNotContain(ErrorCode.Unrecognized, all);
    }

    [Fact]
    public void Every_status_code_of_the_design_must_exist()
    {
        int[] expected = [200, 201, 202, 400, 401, 403, 404, 408, 409, 410, 413, 422, 429, 500, 503, 507];

        Assert.Equal(expected, Enum.GetValues<StatusCode>().Select(s => (int)s).Where(s => s != 0).Order());
    }

    [Fact]
    public void Unknown_wire_names_must_map_to_unrecognized()
    {
        Assert.Equal(ErrorCode.Unrecognized, ErrorCodes.FromWire("legal_hold"));
        Assert.Equal(ErrorCode.Unrecognized, ErrorCodes.FromWire(null));
    }
}
