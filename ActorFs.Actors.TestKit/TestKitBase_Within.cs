namespace ActorFs.Actors.TestKit;

/// <summary>Time-boxed blocks: expectations inside default to the time left in the block.</summary>
public abstract partial class TestKitBase
{
    /// <summary>The time left in the innermost Within block, or the single-expect default outside one.</summary>
    public TimeSpan Remaining => _end is { } end ? end - DateTimeOffset.UtcNow : SingleExpectDefault;

    /// <summary>Runs <paramref name="action"/>, which must finish within <paramref name="max"/>.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    /// <summary>Runs <paramref name="action"/>, which must take at least <paramref name="min"/> and at most <paramref name="max"/>.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Within(min, max, () =>
        {
            action();
            return true;
        });
    }

    public T Within<T>(TimeSpan max, Func<T> function) => Within(TimeSpan.Zero, max, function);

    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var start = DateTimeOffset.UtcNow;
        var outer = _end;
        var end = start + max;
        _end = outer is { } o && o < end ? o : end;
        try
        {
            var result = function();
            var took = DateTimeOffset.UtcNow - start;
            if (took < min) Fail($"The block finished in {took.TotalMilliseconds:0} ms, earlier than the minimum {min.TotalMilliseconds:0} ms.");
            if (took > max) Fail($"The block took {took.TotalMilliseconds:0} ms, longer than the maximum {max.TotalMilliseconds:0} ms.");
            return result;
        }
        finally
        {
            _end = outer;
        }
    }
}
