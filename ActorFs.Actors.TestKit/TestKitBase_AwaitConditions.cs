using Xunit.Sdk;

namespace ActorFs.Actors.TestKit;

/// <summary>Polling for a condition or an assertion, up to a deadline.</summary>
public abstract partial class TestKitBase
{
    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="duration"/> ends; then its last failure is thrown.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < end)
            {
                WaitOnce(pause, end);
            }
        }
    }

    /// <summary>Retries <paramref name="assertion"/> asynchronously until it passes or <paramref name="duration"/> ends.</summary>
    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < end)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = DateTimeOffset.UtcNow + RemainingOrDilated(max);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow >= end) throw new XunitException($"Timeout waiting for condition{(message is null ? "" : ": " + message)}.");
            WaitOnce(pause, end);
        }
    }

    private static void WaitOnce(TimeSpan pause, DateTimeOffset end)
    {
        var left = end - DateTimeOffset.UtcNow;
        using var gate = new ManualResetEventSlim();
        gate.Wait(left < pause ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : pause);
    }
}
