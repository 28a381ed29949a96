using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorFs.Actors.Hosting;

/// <summary>
/// Runs the actor system with the host: on start, runs the starters in order (a failing starter fails
/// start-up); on stop, runs coordinated shutdown and waits for it; if the system terminates on its own,
/// stops the host with exit code 1.
/// </summary>
internal sealed partial class ActorSystemHostedService(
    ActorSystem system,
    ActorSystemBuilder builder,
    ActorRegistry registry,
    IDependencyResolver resolver,
    IHostApplicationLifetime lifetime,
    ILogger<ActorSystemHostedService> logger) : IHostedService
{
    private volatile bool _stoppingByHost;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = system.WhenTerminated.ContinueWith(_ => OnSystemTerminated(), TaskScheduler.Default);
        foreach (var starter in builder.Starters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await starter(system, registry, resolver).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogStarterFailed(logger, system.Name, e.Message);
                _stoppingByHost = true;
                await system.Terminate().ConfigureAwait(false);
                throw;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stoppingByHost = true;
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await system.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnSystemTerminated()
    {
        if (_stoppingByHost) return;
        LogTerminatedOnItsOwn(logger, system.Name);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    // The exception is rethrown to whoever started the host, so only its message is logged here.
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "A starter of actor system {System} failed, so the host does not start: {Reason}")]
    private static partial void LogStarterFailed(ILogger logger, string system, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Actor system {System} terminated on its own; stopping the host")]
    private static partial void LogTerminatedOnItsOwn(ILogger logger, string system);
}
