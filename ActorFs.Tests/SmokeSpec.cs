namespace ActorFs.Tests;

public sealed class SmokeSpec
{
    [Fact]
    public void The_test_project_runs() => Assert.True(true);
}
