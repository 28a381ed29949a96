using ActorFs.Actors.Configuration;

namespace ActorFs.Tests.Configuration;

public sealed class DurationAndByteSizeSpec
{
    private static Config Value(string value) => ConfigurationFactory.ParseString("v = " + value, EnvironmentSources.None);

    [Theory]
    [InlineData("100", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1.5", 15_000)]
    [InlineData("500ns", 5)]
    [InlineData("3 nanos", 0)]
    [InlineData("1 nanosecond", 0)]
    [InlineData("7us", 70)]
    [InlineData("2 micros", 20)]
    [InlineData("1 microseconds", 10)]
    [InlineData("250ms", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("3 millis", 3 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1 millisecond", TimeSpan.TicksPerMillisecond)]
    [InlineData("10s", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("10 seconds", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("1.5 s", 15 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1h", TimeSpan.TicksPerHour)]
    [InlineData("3 hours", 3 * TimeSpan.TicksPerHour)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("2 days", 2 * TimeSpan.TicksPerDay)]
    [InlineData("\"5 s\"", 5 * TimeSpan.TicksPerSecond)]
    public void Durations_accept_the_spec_units_and_a_bare_number_is_milliseconds(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), Value(text).GetTimeSpan("v"));
    }

    [Fact]
    public void Infinite_is_an_infinite_duration_as_in_akka()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, Value("infinite").GetTimeSpan("v"));
    }

    [Theory]
    [InlineData("10 parsecs")]
    [InlineData("s")]
    [InlineData("[1]")]
    [InlineData("true")]
    public void A_malformed_duration_fails_naming_the_value_and_the_expected_format(string text)
    {
        var error = Assert.Throws<ConfigException>(() => Value(text).GetTimeSpan("v"));

        Assert.Contains("expected a duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("string:1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("100B", 100)]
    [InlineData("1 byte", 1)]
    [InlineData("2 bytes", 2)]
    [InlineData("1kB", 1000)]
    [InlineData("1KB", 1000)]
    [InlineData("2 kilobytes", 2000)]
    [InlineData("1K", 1024)]
    [InlineData("1k", 1024)]
    [InlineData("1Ki", 1024)]
    [InlineData("1KiB", 1024)]
    [InlineData("1 kibibyte", 1024)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("1 megabytes", 1_000_000)]
    [InlineData("1M", 1_048_576)]
    [InlineData("1m", 1_048_576)]
    [InlineData("1MiB", 1_048_576)]
    [InlineData("2 mebibytes", 2_097_152)]
    [InlineData("1GB", 1_000_000_000)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("1 gibibyte", 1_073_741_824)]
    [InlineData("1TB", 1_000_000_000_000)]
    [InlineData("1Ti", 1_099_511_627_776)]
    [InlineData("1.5K", 1536)]
    public void Byte_sizes_distinguish_decimal_and_binary_units_as_the_spec_says(string text, long bytes)
    {
        Assert.Equal(bytes, Value(text).GetByteSize("v"));
    }

    [Fact]
    public void A_missing_byte_size_is_null()
    {
        Assert.Null(Value("1").GetByteSize("absent"));
        Assert.Null(Value("null").GetByteSize("v"));
    }

    [Theory]
    [InlineData("12 furlongs")]
    [InlineData("1 ZiB")]
    [InlineData("KB")]
    public void A_malformed_or_overflowing_byte_size_fails(string text)
    {
        Assert.Contains("expected a size in bytes", Assert.Throws<ConfigException>(() => Value(text).GetByteSize("v")).Message, StringComparison.Ordinal);
    }
}
