namespace ActorFs.Actors.Configuration;

/// <summary>
/// The spec's rule for a key set twice: two objects merge key by key (recursively), anything else is replaced by
/// the later value. When either side is not yet resolved the outcome depends on substitutions, so the
/// definitions are kept as a <see cref="HoconDelayedMerge"/> and merged by the resolver. Inputs are never modified.
/// </summary>
internal static class HoconMerger
{
    public static HoconValue Merge(HoconValue? earlier, HoconValue later)
    {
        if (earlier is null)
        {
            return later;
        }

        return later switch
        {
            HoconObject laterObject when earlier is HoconObject earlierObject => MergeObjects(earlierObject, laterObject),
            HoconObject when IsPending(earlier) => Stack(earlier, later),
            HoconSubstitution or HoconConcatenation or HoconDelayedMerge => Stack(earlier, later),
            _ => later,
        };
    }

    public static HoconObject MergeObjects(HoconObject earlier, HoconObject later)
    {
        var merged = new HoconObject(later.Origin, earlier.Fields);
        foreach (var (key, value) in later.Fields)
        {
            merged.Set(key, earlier.TryGetValue(key, out var existing) ? Merge(existing, value) : value);
        }

        return merged;
    }

    /// <summary>Wraps <paramref name="value"/> in objects so that it sits at <paramref name="path"/>.</summary>
    public static HoconValue Nest(IReadOnlyList<string> path, int from, HoconValue value)
    {
        var result = value;
        for (var i = path.Count - 1; i >= from; i--)
        {
            var wrapper = new HoconObject(value.Origin);
            wrapper.Set(path[i], result);
            result = wrapper;
        }

        return result;
    }

    private static bool IsPending(HoconValue value) => value is HoconSubstitution or HoconConcatenation or HoconDelayedMerge;

    private static HoconDelayedMerge Stack(HoconValue earlier, HoconValue later)
    {
        var layers = new List<HoconValue>();
        layers.AddRange(earlier is HoconDelayedMerge earlierMerge ? earlierMerge.Layers : [earlier]);
        layers.AddRange(later is HoconDelayedMerge laterMerge ? laterMerge.Layers : [later]);
        return new HoconDelayedMerge(layers, later.Origin);
    }
}
