namespace ActorFs.Actors.Hosting;

public sealed partial class ActorSystemBuilder
{
    private static ActorSystemSettings BaseSettings() => ActorSystemSettings.Default;
}
