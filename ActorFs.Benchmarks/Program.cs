using ActorFs.Benchmarks.Actors;
using ActorFs.Benchmarks.Io;

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
            default:
                Console.Error.WriteLine("usage: dotnet run -c Release --project ActorFs.Benchmarks -- SCENARIO [--quick] [options]");
                Console.Error.WriteLine("scenarios: actors, io");
                return 2;
        }
    }
}
