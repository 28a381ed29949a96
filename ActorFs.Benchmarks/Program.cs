using ActorFs.Benchmarks.Actors;
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
        var scenario = args.FirstOrDefault();
        switch (scenario)
        {
            case "actors":
                return ActorsBenchmark.Run(args[1..]);
            case "transfer":
                return TransferBenchmark.Run(args[1..]);
            case "small-ops":
                return SmallOpsBenchmark.Run(args[1..]);
            case "sessions":
                return SessionsBenchmark.Run(args[1..]);
            case "many-files":
                return ManyFilesBenchmark.Run(args[1..]);
            default:
                Console.Error.WriteLine("usage: dotnet run -c Release --project ActorFs.Benchmarks -- SCENARIO [--quick] [--size N]");
                Console.Error.WriteLine("scenarios: actors, transfer, small-ops, sessions, many-files");
                return 2;
        }
    }
}
