// How transfers show progress: a Spectre.Console bar (bytes, rate, ETA) on a terminal, a plain line
// every few seconds when output is redirected, nothing in --json mode.
using Spectre.Console;

namespace ActorFs.Client.Shell;

internal interface ITransferView
{
    Task<T> RunAsync<T>(string label, Func<IProgress<TransferProgress>, Task<T>> transfer);
}

internal sealed class SilentTransferView : ITransferView
{
    public Task<T> RunAsync<T>(string label, Func<IProgress<TransferProgress>, Task<T>> transfer) => transfer(new Progress<TransferProgress>());
}

internal sealed class PlainTransferView(TextWriter output, TimeSpan interval) : ITransferView
{
    public Task<T> RunAsync<T>(string label, Func<IProgress<TransferProgress>, Task<T>> transfer)
    {
        var last = TimeSpan.Zero;
        var progress = new Callback(p =>
        {
            if (p.Elapsed - last < interval)
            {
                return;
            }

            last = p.Elapsed;
            var percent = p.Total > 0 ? 100.0 * p.Bytes / p.Total : 100;
            var eta = p.Remaining is { } r ? $", ETA {r:hh\\:mm\\:ss}" : string.Empty;
            output.WriteLine($"{label}: {Sizes.Format(p.Bytes)} of {Sizes.Format(p.Total)} ({percent:0}%), {Sizes.Format((long)p.BytesPerSecond)}/s{eta}");
        });
        return transfer(progress);
    }

    private sealed class Callback(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}

internal sealed class SpectreTransferView : ITransferView
{
    public async Task<T> RunAsync<T>(string label, Func<IProgress<TransferProgress>, Task<T>> transfer)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                var progress = new Progress<TransferProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Bytes;
                });
                try
                {
                    result = await transfer(progress).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }
                finally
                {
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }
}

internal static class Sizes
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : $"{value:0.0} {Units[unit]}";
    }
}
