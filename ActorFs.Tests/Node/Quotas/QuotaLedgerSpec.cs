using ActorFs.Node.Quotas;

namespace ActorFs.Tests.Node.Quotas;

public sealed class QuotaLedgerSpec
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_ledger_starts_from_the_totals_it_was_given_and_from_zero_for_anyone_else()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(1000, 4) });

        Assert.Equal(new Usage(1000, 4), ledger.UsageOf("alice"));
        Assert.Equal(default, ledger.UsageOf("bob"));
        Assert.Equal(0, ledger.InFlightOf("alice"));
    }

    [Fact]
    public void Charges_add_up_per_user_and_never_touch_another_user()
    {
        var ledger = new QuotaLedger();

        ledger.Charge("alice", new Usage(100, 1));
        ledger.Charge("alice", new Usage(50, 1));
        ledger.Charge("alice", new Usage(-30, -1));
        ledger.Charge("bob", new Usage(7, 1));

        Assert.Equal(new Usage(120, 1), ledger.UsageOf("alice"));
        Assert.Equal(new Usage(7, 1), ledger.UsageOf("bob"));
    }

    [Fact]
    public void A_total_never_goes_below_zero()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(10, 1) });

        ledger.Charge("alice", new Usage(-25, -3));

        Assert.Equal(default, ledger.UsageOf("alice"));
    }

    [Fact]
    public void Every_change_moves_the_version_so_the_persister_knows_to_write()
    {
        var ledger = new QuotaLedger();
        var start = ledger.Version;

        ledger.Charge("alice", default);
        Assert.Equal(start, ledger.Version);

        ledger.Charge("alice", new Usage(1, 1));
        Assert.True(ledger.Version > start);

        var afterCharge = ledger.Version;
        ledger.Reset(new Dictionary<string, Usage>());
        Assert.True(ledger.Version > afterCharge);

        var afterReset = ledger.Version;
        ledger.Forget("alice");
        Assert.True(ledger.Version > afterReset);
    }

    [Fact]
    public void An_upload_budget_grows_while_the_bytes_fit_and_counts_as_in_flight()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(600, 3) });
        using var budget = ledger.StartUpload("alice", () => new QuotaLimits(1000, null));

        Assert.True(budget.TryGrow(300));
        Assert.True(budget.TryGrow(100));

        Assert.Equal(400, budget.Held);
        Assert.Equal(400, ledger.InFlightOf("alice"));
        Assert.Equal(0, ledger.BytesLeft("alice", new QuotaLimits(1000, null)));
        Assert.Equal(new Usage(600, 3), ledger.UsageOf("alice"));
    }

    [Fact]
    public void An_upload_budget_refuses_to_pass_the_quota_and_takes_nothing_when_it_refuses()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(600, 3) });
        using var budget = ledger.StartUpload("alice", () => new QuotaLimits(1000, null));
        Assert.True(budget.TryGrow(350));

        Assert.False(budget.TryGrow(51));

        Assert.Equal(350, budget.Held);
        Assert.Equal(350, ledger.InFlightOf("alice"));
        Assert.True(budget.TryGrow(50));
    }

    [Fact]
    public void Uploads_in_flight_for_one_user_share_one_quota()
    {
        var ledger = new QuotaLedger();
        var limits = new QuotaLimits(1000, null);
        using var first = ledger.StartUpload("alice", () => limits);
        using var second = ledger.StartUpload("alice", () => limits);
        using var bobs = ledger.StartUpload("bob", () => limits);

        Assert.True(first.TryGrow(700));
        Assert.False(second.TryGrow(301));
        Assert.True(second.TryGrow(300));
        Assert.True(bobs.TryGrow(1000));

        Assert.Equal(1000, ledger.InFlightOf("alice"));
        Assert.Equal(1000, ledger.InFlightOf("bob"));
    }

    [Fact]
    public void A_quota_lowered_during_an_upload_applies_to_its_next_buffer()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(100, 1) });
        var quota = 1000L;
        using var budget = ledger.StartUpload("alice", () => new QuotaLimits(quota, null));
        Assert.True(budget.TryGrow(400));

        quota = 550;

        Assert.False(budget.TryGrow(100));
        Assert.True(budget.TryGrow(50));
        Assert.Equal(450, budget.Held);
    }

    [Fact]
    public void Disposing_a_budget_gives_its_bytes_back_once()
    {
        var ledger = new QuotaLedger();
        var limits = new QuotaLimits(1000, null);
        var budget = ledger.StartUpload("alice", () => limits);
        using var other = ledger.StartUpload("alice", () => limits);
        Assert.True(budget.TryGrow(800));
        Assert.True(other.TryGrow(100));

        budget.Dispose();
        budget.Dispose();

        Assert.Equal(100, ledger.InFlightOf("alice"));
        Assert.Equal(0, budget.Held);
        Assert.Equal(900, ledger.BytesLeft("alice", limits));
        Assert.Throws<ObjectDisposedException>(() => budget.TryGrow(1));
    }

    [Fact]
    public void A_committed_upload_moves_its_bytes_from_in_flight_to_stored()
    {
        var ledger = new QuotaLedger();
        var limits = new QuotaLimits(1000, null);
        using (var budget = ledger.StartUpload("alice", () => limits))
        {
            Assert.True(budget.TryGrow(640));
            ledger.Charge("alice", new Usage(640, 1));
        }

        Assert.Equal(0, ledger.InFlightOf("alice"));
        Assert.Equal(new Usage(640, 1), ledger.UsageOf("alice"));
        Assert.Equal(360, ledger.BytesLeft("alice", limits));
    }

    [Fact]
    public void Without_a_byte_quota_a_budget_grows_without_limit_and_nothing_is_left_to_count()
    {
        var ledger = new QuotaLedger();
        using var budget = ledger.StartUpload("alice", () => new QuotaLimits(null, 3));

        Assert.True(budget.TryGrow(long.MaxValue / 4));
        Assert.True(budget.TryGrow(long.MaxValue / 4));
        Assert.Null(ledger.BytesLeft("alice", QuotaLimits.Unlimited));
    }

    [Fact]
    public void What_is_left_counts_stored_files_and_uploads_in_flight_and_is_never_negative()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(600, 3) });
        var limits = new QuotaLimits(1000, null);
        using var budget = ledger.StartUpload("alice", () => limits);
        Assert.True(budget.TryGrow(150));

        Assert.Equal(250, ledger.BytesLeft("alice", limits));
        Assert.Equal(0, ledger.BytesLeft("alice", new QuotaLimits(500, null)));
    }

    [Fact]
    public void A_new_file_is_refused_at_the_file_limit_but_replacing_one_is_not()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(10, 5) });
        var limits = new QuotaLimits(null, 5);

        var newFile = ledger.CheckNewBytes("alice", limits, bytes: 1, newFiles: 1);
        var replacement = ledger.CheckNewBytes("alice", limits, bytes: 1, newFiles: 0);

        Assert.False(newFile.Ok);
        Assert.Equal("file limit reached: at most 5 files", newFile.Reason);
        Assert.True(replacement.Ok);
        Assert.True(ledger.CheckNewBytes("alice", new QuotaLimits(null, 6), 1, 1).Ok);
    }

    [Fact]
    public void A_check_that_passes_the_byte_quota_says_how_much_is_left()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(768 * 1024, 3) });
        var limits = new QuotaLimits(1024 * 1024, null);

        var check = ledger.CheckNewBytes("alice", limits, bytes: 256 * 1024 + 1, newFiles: 1);

        Assert.False(check.Ok);
        Assert.Equal(256 * 1024, check.BytesLeft);
        Assert.Equal("quota exceeded: 256 KiB left of 1 MiB", check.Reason);
        Assert.True(ledger.CheckNewBytes("alice", limits, bytes: 256 * 1024, newFiles: 1).Ok);
    }

    [Fact]
    public void A_snapshot_holds_the_stored_totals_only()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(10, 1) });
        ledger.Charge("bob", new Usage(20, 2));
        _ = ledger.UsageOf("carol");
        using var budget = ledger.StartUpload("dave", () => QuotaLimits.Unlimited);
        Assert.True(budget.TryGrow(99));

        var snapshot = ledger.Snapshot();

        Assert.Equal(2, snapshot.Count);
        Assert.Equal(new Usage(10, 1), snapshot["alice"]);
        Assert.Equal(new Usage(20, 2), snapshot["bob"]);
    }

    [Fact]
    public void A_reset_replaces_every_total_and_keeps_the_uploads_in_flight()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(10, 1), ["bob"] = new(20, 2) });
        using var budget = ledger.StartUpload("alice", () => QuotaLimits.Unlimited);
        Assert.True(budget.TryGrow(5));

        ledger.Reset(new Dictionary<string, Usage> { ["alice"] = new(300, 3), ["carol"] = new(40, 4) });

        Assert.Equal(new Usage(300, 3), ledger.UsageOf("alice"));
        Assert.Equal(default, ledger.UsageOf("bob"));
        Assert.Equal(new Usage(40, 4), ledger.UsageOf("carol"));
        Assert.Equal(5, ledger.InFlightOf("alice"));
        Assert.Equal(2, ledger.Snapshot().Count);
    }

    [Fact]
    public void A_forgotten_user_has_nothing_stored()
    {
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(10, 1), ["bob"] = new(20, 2) });

        ledger.Forget("alice");

        Assert.Equal(default, ledger.UsageOf("alice"));
        Assert.Equal(["bob"], ledger.Snapshot().Keys);
    }

    [Fact]
    public async Task Charges_from_several_threads_at_once_add_up_exactly()
    {
        const int Threads = 4;
        const int ChargesEach = 20_000;
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(1_000_000, 1000) });
        var start = ledger.Version;
        using var gate = new Barrier(Threads);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            gate.SignalAndWait(Deadline);
            for (var i = 0; i < ChargesEach; i++)
            {
                ledger.Charge("alice", i % 2 == 0 ? new Usage(3, 1) : new Usage(-1, 0));
                ledger.Charge(t % 2 == 0 ? "bob" : "carol", new Usage(5, 1));
            }
        }))).WaitAsync(Deadline);

        Assert.Equal(new Usage(1_000_000 + (Threads * ChargesEach / 2 * 2), 1000 + (Threads * ChargesEach / 2)), ledger.UsageOf("alice"));
        Assert.Equal(new Usage(5L * ChargesEach * 2, ChargesEach * 2), ledger.UsageOf("bob"));
        Assert.Equal(new Usage(5L * ChargesEach * 2, ChargesEach * 2), ledger.UsageOf("carol"));
        Assert.Equal(start + (2L * Threads * ChargesEach), ledger.Version);
    }

    [Fact]
    public async Task Budgets_growing_on_several_threads_at_once_never_pass_the_quota_together()
    {
        const int Threads = 4;
        const long Quota = 10_000;
        var ledger = new QuotaLedger(new Dictionary<string, Usage> { ["alice"] = new(1_000, 1) });
        var limits = new QuotaLimits(Quota, null);
        var budgets = Enumerable.Range(0, Threads).Select(_ => ledger.StartUpload("alice", () => limits)).ToArray();
        using var gate = new Barrier(Threads);

        await Task.WhenAll(budgets.Select(budget => Task.Run(() =>
        {
            gate.SignalAndWait(Deadline);
            for (var i = 0; i < Quota; i++) budget.TryGrow(1);
        }))).WaitAsync(Deadline);

        Assert.Equal(Quota - 1_000, budgets.Sum(b => b.Held));
        Assert.Equal(Quota - 1_000, ledger.InFlightOf("alice"));
        foreach (var budget in budgets) budget.Dispose();
        Assert.Equal(0, ledger.InFlightOf("alice"));
    }
}
