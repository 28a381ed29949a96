using System.Security.Cryptography;
using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using ActorFs.Node.Settings;
using ActorFs.Node.Storage;
using ActorFs.Node.Transfers;
using ActorFs.Tests.Node.Storage;

namespace ActorFs.Tests.Node.Actors;

/// <summary>The sweeper of kept uploads, in virtual time: retention counted from the last byte, one sweep per interval.</summary>
public sealed class KeptUploadSweeperSpecs : TestKit
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(24);
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(64);

    private readonly TempRoot _temp = new();
    private readonly LocalFileStore _store;

    public KeptUploadSweeperSpecs() : base(VirtualTime()) => _store = _temp.CreateStore();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _temp.Dispose();
    }

    private static UploadIntent Intent(string path) =>
        new(VirtualPath.Parse(path), DeclaredSize: Content.Length, DeclaredSha256: Convert.ToHexStringLower(SHA256.HashData(Content)));

    private void Interrupt(string path, int count)
    {
        var upload = _store.BeginUpload(Intent(path));
        upload.Content.Write(Content, 0, count);
        Assert.True(_store.KeepUpload(upload));
    }

    /// <summary>Every tick told before now has been handled once the sweeper answers an Identify sent after them.</summary>
    private void AdvanceAndSettle(IActorRef sweeper, TimeSpan by)
    {
        Scheduler.Advance(by);
        NodeActorSupport.AwaitStarted(this, sweeper);
    }

    [Fact]
    public void A_kept_upload_is_swept_by_the_first_sweep_after_its_retention_and_not_before()
    {
        Interrupt("/a.bin", 10);
        var sweeper = Sys.ActorOf(KeptUploadSweeper.Props(_store, Keep), "sweeper");
        NodeActorSupport.AwaitStarted(this, sweeper);

        AdvanceAndSettle(sweeper, Keep - TimeSpan.FromHours(1));
        Assert.NotNull(_store.FindKeptUpload(Intent("/a.bin")));

        AdvanceAndSettle(sweeper, TimeSpan.FromHours(2));
        Assert.Null(_store.FindKeptUpload(Intent("/a.bin")));
        Assert.Empty(_store.ListStaged());
    }

    [Fact]
    public void An_upload_a_transfer_is_resuming_is_never_swept()
    {
        Interrupt("/a.bin", 10);
        var sweeper = Sys.ActorOf(KeptUploadSweeper.Props(_store, Keep), "sweeper");
        NodeActorSupport.AwaitStarted(this, sweeper);
        using var resumed = _store.ResumeUpload(Intent("/a.bin"));
        Assert.NotNull(resumed);

        AdvanceAndSettle(sweeper, Keep + TimeSpan.FromHours(2));

        Assert.True(_store.FindKeptUpload(Intent("/a.bin"))!.InUse);
        Assert.Single(_store.ListStaged());
    }

    [Fact]
    public void The_retention_defaults_to_24_hours_may_be_0_and_is_never_negative()
    {
        Assert.Equal(TimeSpan.FromHours(24), NodeActorSupport.Settings(_temp.Root).Transfer.KeepPartialUploads);
        Assert.Equal(TimeSpan.Zero, NodeActorSupport.Settings(_temp.Root, new Dictionary<string, string> { ["actorfs.transfer.keep-partial-uploads"] = "0s" }).Transfer.KeepPartialUploads);
        var refused = Assert.Throws<SettingsException>(() => NodeActorSupport.Settings(_temp.Root, new Dictionary<string, string> { ["actorfs.transfer.keep-partial-uploads"] = "-1h" }));
        Assert.Contains("actorfs.transfer.keep-partial-uploads", refused.Message);
    }

    [Theory]
    [InlineData(24 * 60, 60)]
    [InlineData(2 * 60, 30)]
    [InlineData(1, 0.25)]
    public void The_sweep_interval_is_a_quarter_of_the_retention_and_at_most_an_hour(double keepMinutes, double intervalMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(intervalMinutes), KeptUploadSweeper.IntervalFor(TimeSpan.FromMinutes(keepMinutes)));
    }
}
