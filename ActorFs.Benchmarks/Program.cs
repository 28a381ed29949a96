using ActorFs.Benchmarks.Actors;
using ActorFs.Benchmarks.Io;
using ActorFs.Benchmarks.ManyFiles;
using ActorFs.Benchmarks.Sessions;
using ActorFs.Benchmarks.SmallOps;
using ActorFs.Benchmarks.Transfer;

namespace ActorFs.Benchmarks;

/// <summary>Dispatches to one scenario; each scenario lives in its own folder and prints a table, then one JSON line.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var scenario = args.Length > 0 ? args[0] : "";
        var options = args.Length > 0 ? args[1..] : [];
        switch (scenario)
        {
            case "actors":
                return ActorsBenchmark.Run(options);
            case "io":
                return IoBenchmark.Run(options);
            case "transfer":
                return TransferBenchmark.Run(options);
            case "small-ops":
                return SmallOpsBenchmark.Run(options);
            case "sessions":
                return SessionsBenchmark.Run(options);
            case "many-files":
                return ManyFilesBenchmark.Run(options);
            default:
                Console.Error.WriteLine("usage: dotnet run -c Release --project ActorFs.Benchmarks -- SCENARIO [--quick] [--size N]");
                Console.Error.WriteLine("scenarios: actors, io, transfer, small-ops, sessions, many-files");
                return 2;
        }
    }
}
