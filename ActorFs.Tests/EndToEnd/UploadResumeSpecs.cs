using System.Text.Json;
using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using ActorFs.Messages;
using ActorFs.Node.Storage;
using ActorFs.Tests.Faults;
using FaultKit = ActorFs.Tests.Faults.Faults;
using ActorFs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActorFs.Tests.EndToEnd;

/// <summary>
/// Resumable uploads against a real loopback node over TLS, spoken raw (v2 control lines, transfer handshakes and
/// bytes), so every cut is exactly where the spec puts it: the client drops the transfer connection after a seeded
/// number of bytes, waits for the transfer's failed event, and asks again with resume=true.
/// </summary>
public sealed class UploadResumeSpecs
{
    private const string Target = "/up.bin";

    [Fact]
    public async Task An_upload_cut_at_seeded_offsets_and_resumed_each_time_ends_byte_identical_and_is_never_visible_before_it_is_complete()
    {
        await using var node = await RunningNode.StartAsync();
        var random = new Random(1313);
        var content = FaultKit.RandomBytes(3 * 1024 * 1024 + 123, 1313);
        var cuts = Enumerable.Range(0, 5).Select(_ => random.Next(1, content.Length)).Distinct().Order().ToList();
        await using var session = await V2Session.OpenAsync(node);
        Assert.Contains("resume", session.Features);

        long held = 0;
        foreach (var cut in cuts)
        {
            var offset = await session.CutUploadAsync(node, content, cut, resume: true);
            Assert.Equal(held, offset);
            Assert.False(File.Exists(node.HostPath(Target)), $"{Target} is visible after a cut at {cut}");
            held = cut; // everything that arrived before the cut is kept
        }

        var (rest, outcome) = await session.FinishUploadAsync(node, content, resume: true);

        Assert.Equal(cuts[^1], rest);
        Assert.Equal((StatusCode.Created, (long?)content.Length, FaultKit.Sha256(content)), (outcome.Status, outcome.Bytes, outcome.Sha256));
        Assert.Equal(content, await File.ReadAllBytesAsync(node.HostPath(Target)));
        Assert.Empty(FaultKit.Staged(node.Root));
    }

    [Fact]
    public async Task A_resume_after_the_node_restarts_on_the_same_root_continues_where_the_cut_left_it()
    {
        var content = FaultKit.RandomBytes(2 * 1024 * 1024 + 7, 2024);
        var cut = 1_234_567;
        var first = await RunningNode.StartAsync();
        try
        {
            await using (var session = await V2Session.OpenAsync(first))
            {
                Assert.Equal(0, await session.CutUploadAsync(first, content, cut, resume: true));
            }

            await first.StopAsync();

            await using var second = await RunningNode.StartAsync(root: first.Root);
            await using var again = await V2Session.OpenAsync(second);
            var (offset, outcome) = await again.FinishUploadAsync(second, content, resume: true);

            Assert.Equal(cut, offset);
            Assert.Equal(StatusCode.Created, outcome.Status);
            Assert.Equal(content, await File.ReadAllBytesAsync(second.HostPath(Target)));
        }
        finally
        {
            await first.DisposeAsync(); // the second node already deleted the shared root
        }
    }

    [Fact]
    public async Task A_resume_declaring_another_sha256_starts_fresh_and_stores_the_new_content()
    {
        await using var node = await RunningNode.StartAsync();
        var original = FaultKit.RandomBytes(1024 * 1024, 1);
        var changed = FaultKit.RandomBytes(1024 * 1024, 2);
        await using var session = await V2Session.OpenAsync(node);
        Assert.Equal(0, await session.CutUploadAsync(node, original, 700_000, resume: true));

        var (offset, outcome) = await session.FinishUploadAsync(node, changed, resume: true);

        Assert.Equal(0, offset);
        Assert.Equal(StatusCode.Created, outcome.Status);
        Assert.Equal(changed, await File.ReadAllBytesAsync(node.HostPath(Target)));
        var store = node.Services.GetRequiredService<IFileStore>();
        Assert.Equal(700_000, store.FindKeptUpload(V2Session.IntentOf(original))?.Length); // the other content's part waits for its own resume or its expiry
    }

    [Fact]
    public async Task A_put_without_resume_discards_the_kept_part_of_the_same_content_and_sends_everything()
    {
        await using var node = await RunningNode.StartAsync();
        var content = FaultKit.RandomBytes(1024 * 1024, 3);
        await using var session = await V2Session.OpenAsync(node);
        Assert.Equal(0, await session.CutUploadAsync(node, content, 500_000, resume: true));

        var (offset, outcome) = await session.FinishUploadAsync(node, content, resume: false);

        Assert.Equal((0L, StatusCode.Created), (offset, outcome.Status));
        Assert.Equal(content, await File.ReadAllBytesAsync(node.HostPath(Target)));
        Assert.Empty(FaultKit.Staged(node.Root));
    }

    [Fact]
    public async Task A_kept_upload_is_swept_once_its_retention_has_passed_in_virtual_time_and_a_resume_then_starts_fresh()
    {
        await using var node = await RunningNode.StartAsync(overrides: new Dictionary<string, string>
        {
            ["actorfs.scheduler.implementation"] = typeof(TestScheduler).AssemblyQualifiedName!,
            ["actorfs.transfer.keep-partial-uploads"] = "24h",
        });
        var scheduler = (TestScheduler)node.Services.GetRequiredService<ActorSystem>().Scheduler;
        var content = FaultKit.RandomBytes(1024 * 1024, 4);
        await using (var session = await V2Session.OpenAsync(node))
        {
            Assert.Equal(0, await session.CutUploadAsync(node, content, 600_000, resume: true));
        }
        Assert.Equal(2, FaultKit.Staged(node.Root).Length);

        scheduler.Advance(TimeSpan.FromHours(25)); // the retention, and the hourly sweep after it

        var deadline = DateTime.UtcNow + Loopback.Deadline;
        while (FaultKit.Staged(node.Root).Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired kept upload was not swept");
            await Task.Delay(20);
        }
        await using var later = await V2Session.OpenAsync(node);
        var (offset, outcome) = await later.FinishUploadAsync(node, content, resume: true);
        Assert.Equal((0L, StatusCode.Created), (offset, outcome.Status));
    }

    [Fact]
    public async Task With_keeping_off_hello_does_not_offer_resume_and_a_cut_upload_leaves_nothing_staged()
    {
        await using var node = await RunningNode.StartAsync(overrides: new Dictionary<string, string> { ["actorfs.transfer.keep-partial-uploads"] = "0s" });
        var content = FaultKit.RandomBytes(1024 * 1024, 5);
        await using var session = await V2Session.OpenAsync(node);
        Assert.DoesNotContain("resume", session.Features);

        Assert.Equal(0, await session.CutUploadAsync(node, content, 600_000, resume: true));

        Assert.Empty(FaultKit.Staged(node.Root));
        var (offset, _) = await session.FinishUploadAsync(node, content, resume: true);
        Assert.Equal(0, offset);
    }

    /// <summary>A v2 control connection that sets events aside while it waits for a reply, and the raw uploads of the specs.</summary>
    private sealed class V2Session : IAsyncDisposable
    {
        private readonly RawConnection _control;
        private readonly List<JsonElement> _events = [];
        private long _nextId;

        private V2Session(RawConnection control, IReadOnlyList<string> features)
        {
            _control = control;
            Features = features;
        }

        public IReadOnlyList<string> Features { get; }

        public static UploadIntent IntentOf(byte[] content) =>
            new(VirtualPath.Parse(Target), DeclaredSize: content.Length, DeclaredSha256: FaultKit.Sha256(content));

        public static async Task<V2Session> OpenAsync(RunningNode node)
        {
            var control = await RawConnection.OpenAsync(node.Control, node.Certificate);
            var hello = await control.RequestAsync("""{"id":0,"command":"hello","protocol":2}""");
            var features = hello.GetProperty("content").GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
            return new V2Session(control, features);
        }

        /// <summary>Puts <paramref name="content"/>, sends bytes up to <paramref name="cut"/> and drops the connection; returns the offset the node offered.</summary>
        public async Task<long> CutUploadAsync(RunningNode node, byte[] content, int cut, bool resume)
        {
            var (id, offset, transfer) = await PutAsync(node, content, resume);
            await using (transfer)
            {
                await transfer.SendAsync(content[(int)offset..cut]);
            }

            var failed = await AwaitEventAsync(id, "failed");
            Assert.NotEqual(422, failed.GetProperty("status").GetInt32());
            return offset;
        }

        /// <summary>Puts <paramref name="content"/> and sends the rest from the offered offset; returns the offset and the outcome line.</summary>
        public async Task<(long Offset, TransferWire.Outcome Outcome)> FinishUploadAsync(RunningNode node, byte[] content, bool resume)
        {
            var (id, offset, transfer) = await PutAsync(node, content, resume);
            await using (transfer)
            {
                await transfer.SendAsync(content[(int)offset..]);
                var line = await transfer.ReadValueAsync() ?? throw new IOException("The node closed the transfer without an outcome.");
                Assert.True(TransferWire.TryParseOutcome(System.Text.Encoding.UTF8.GetBytes(line), out var outcome), line);
                if (outcome.Status == StatusCode.Created) await AwaitEventAsync(id, "verified");
                return (offset, outcome);
            }
        }

        private async Task<(long Id, long Offset, RawConnection Transfer)> PutAsync(RunningNode node, byte[] content, bool resume)
        {
            var id = ++_nextId;
            var reply = await RequestAsync(id, $$"""{"id":{{id}},"command":"put","path":"{{Target}}","size":{{content.Length}},"sha256":"{{FaultKit.Sha256(content)}}","overwrite":true,"resume":{{(resume ? "true" : "false")}}}""");
            Assert.True(reply.GetProperty("status").GetInt32() == 202, reply.ToString());
            var body = reply.GetProperty("content");
            var transfer = await RawConnection.OpenAsync(node.Transfer, node.Certificate);
            await transfer.SendAsync(TransferWire.EncodeHandshake(body.GetProperty("token").GetString()!));
            Assert.Equal("10101010", System.Text.Encoding.ASCII.GetString(await Loopback.ReadUpToAsync(transfer.Stream, 8)));
            return (id, body.GetProperty("offset").GetInt64(), transfer);
        }

        private async Task<JsonElement> RequestAsync(long id, string json)
        {
            await _control.SendAsync(json);
            return await NextAsync(e => e.GetProperty("type").GetString() == "reply" && e.GetProperty("id").GetInt64() == id);
        }

        private Task<JsonElement> AwaitEventAsync(long id, string name) =>
            NextAsync(e => e.GetProperty("type").GetString() == "event" && e.GetProperty("id").GetInt64() == id && e.GetProperty("event").GetString() == name);

        private async Task<JsonElement> NextAsync(Func<JsonElement, bool> wanted)
        {
            var index = _events.FindIndex(e => wanted(e));
            if (index >= 0)
            {
                var early = _events[index];
                _events.RemoveAt(index);
                return early;
            }

            while (true)
            {
                var text = await _control.ReadValueAsync() ?? throw new IOException("The node closed the control connection.");
                using var doc = JsonDocument.Parse(text);
                var value = doc.RootElement.Clone();
                if (wanted(value)) return value;
                _events.Add(value);
            }
        }

        public async ValueTask DisposeAsync() => await _control.DisposeAsync();
    }
}
