using System.Security.Cryptography;
using ActorFs.Node.Commands;
using ActorFs.Node.Storage;

namespace ActorFs.Tests.Node.Commands;

/// <summary>v2 put with resume: the offset the reply carries, and when a kept upload cannot be had.</summary>
public sealed class PutResumeCommandSpecs : IDisposable
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(100);
    private static readonly string ContentSha = Convert.ToHexStringLower(SHA256.HashData(Content));

    private readonly CommandsFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Put(bool resume, string? sha = null, long size = 100, bool overwrite = false) =>
        $$"""{"id":7,"command":"put","path":"up.bin","size":{{size}},"sha256":"{{(sha ?? ContentSha).ToUpperInvariant()}}","overwrite":{{(overwrite ? "true" : "false")}},"resume":{{(resume ? "true" : "false")}}}""";

    private void KeepEarlierPart(int count, string? sha = null)
    {
        var upload = _f.Store.BeginUpload(new UploadIntent(VirtualPath.Parse("/up.bin"), DeclaredSize: Content.Length, DeclaredSha256: sha ?? ContentSha));
        upload.Content.Write(Content, 0, count);
        Assert.True(_f.Store.KeepUpload(upload));
    }

    private async Task<(long PlanOffset, long ReplyOffset)> StartAsync(string request)
    {
        var start = Assert.IsType<CommandOutcome.StartTransfer>(await _f.SendAsync(request));
        var reply = CommandsFixture.Parse(start.BuildReply(CommandsFixture.Ticket));
        V2Reply.AssertOk(reply, 7, "put", 202);
        return (start.Plan.Offset, reply.GetProperty("content").GetProperty("offset").GetInt64());
    }

    [Fact]
    public async Task A_resume_with_nothing_kept_is_a_fresh_upload_from_offset_0()
    {
        await _f.HelloAsync();

        Assert.Equal((0L, 0L), await StartAsync(Put(resume: true)));
    }

    [Fact]
    public async Task A_resume_of_a_kept_upload_starts_at_the_bytes_the_node_holds()
    {
        KeepEarlierPart(42);
        await _f.HelloAsync();

        Assert.Equal((42L, 42L), await StartAsync(Put(resume: true)));
    }

    [Fact]
    public async Task A_resume_declaring_another_sha256_or_size_starts_fresh()
    {
        KeepEarlierPart(42);
        await _f.HelloAsync();

        Assert.Equal((0L, 0L), await StartAsync(Put(resume: true, sha: new string('e', 64))));
        Assert.Equal((0L, 0L), await StartAsync(Put(resume: true, size: 101)));
        Assert.Equal(42, _f.Store.FindKeptUpload(new UploadIntent(VirtualPath.Parse("/up.bin"), DeclaredSize: 100, DeclaredSha256: ContentSha))?.Length);
    }

    [Fact]
    public async Task A_put_without_resume_starts_from_offset_0_even_when_an_upload_is_kept()
    {
        KeepEarlierPart(42);
        await _f.HelloAsync();

        Assert.Equal((0L, 0L), await StartAsync(Put(resume: false)));
    }

    [Fact]
    public async Task A_resume_without_a_sha256_cannot_match_a_kept_upload_and_starts_fresh()
    {
        KeepEarlierPart(42);
        await _f.HelloAsync();

        Assert.Equal((0L, 0L), await StartAsync("""{"id":7,"command":"put","path":"up.bin","size":100,"resume":true}"""));
    }

    [Fact]
    public async Task A_resume_while_another_transfer_holds_the_kept_upload_is_a_409_conflict()
    {
        KeepEarlierPart(42);
        using var other = _f.Store.ResumeUpload(new UploadIntent(VirtualPath.Parse("/up.bin"), DeclaredSize: 100, DeclaredSha256: ContentSha));
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async(Put(resume: true)), 409, "conflict");
    }

    [Fact]
    public async Task A_resume_onto_an_existing_file_still_needs_overwrite()
    {
        KeepEarlierPart(42);
        _f.Temp.WriteFile("up.bin", "already here");
        await _f.HelloAsync();

        V2Reply.AssertError(await _f.V2Async(Put(resume: true)), 409, "exists");
        Assert.Equal((42L, 42L), await StartAsync(Put(resume: true, overwrite: true)));
    }
}
