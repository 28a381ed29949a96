using ActorFs.Actors;
using ActorFs.Actors.TestKit;
using Serilog.Events;

namespace ActorFs.Tests.Actors;

public sealed class LoggingSpecs : TestKit
{
    private static readonly InMemorySink Sink = new();

    public LoggingSpecs() : base(ActorSystemSettings.Default with { Logger = Sink.CreateLogger() }, "logging" + Guid.NewGuid().ToString("N")[..8]) { }

    private sealed class Chatty : ReceiveActor
    {
        public Chatty()
        {
            var log = Context.GetLogger();
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("logged failure"));
            Receive<string>(s =>
            {
                log.Info("Handled {Text}", s);
                log.Warning("Careful with {Text}", s);
                Sender.Tell("logged");
            });
        }
    }

    private static List<LogEvent> EventsFor(IActorRef actor) =>
        Sink.Events.Where(e => InMemorySink.StringProperty(e, "ActorPath") == actor.Path.ToString()).ToList();

    [Fact]
    public void GetLogger_writes_through_Serilog_with_the_ActorPath_property()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Chatty()), "chatty");
        actor.Tell("hello");
        ExpectMsg("logged");
        var events = EventsFor(actor);
        Assert.Equal(2, events.Count);
        Assert.Equal(LogEventLevel.Information, events[0].Level);
        Assert.Equal("Handled {Text}", events[0].MessageTemplate.Text);
        Assert.Equal("hello", InMemorySink.StringProperty(events[0], "Text"));
        Assert.Equal(LogEventLevel.Warning, events[1].Level);
        Assert.Equal(Sys.Name, InMemorySink.StringProperty(events[0], "ActorSystem"));
        Assert.Equal(typeof(Chatty).FullName, InMemorySink.StringProperty(events[0], "SourceContext"));
    }

    [Fact]
    public void A_supervised_failure_is_logged_with_the_failed_actors_path()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Chatty()), "failing");
        actor.Tell("fail");
        AwaitCondition(() => EventsFor(actor).Any(e => e.Level == LogEventLevel.Error && e.Exception is InvalidOperationException));
    }

    [Fact]
    public void The_system_log_writes_through_the_configured_logger()
    {
        Sys.Log.Info("System says {Word}", "hi");
        Assert.Contains(Sink.Events, e => e.MessageTemplate.Text == "System says {Word}" && InMemorySink.StringProperty(e, "ActorSystem") == Sys.Name);
    }
}
