namespace ActorFs.Actors.Configuration;

/// <summary>Finds the <c>key = ${?NAME}</c> fields of a document whose NAME is not a path in it (see <see cref="HoconDocument.EnvironmentOverrides"/>).</summary>
internal static class EnvironmentOverrideCollector
{
    public static HoconObject Collect(HoconObject root)
    {
        var result = new HoconObject(root.Origin);
        Collect(root, root, result);
        return result;
    }

    private static void Collect(HoconObject root, HoconObject source, HoconObject target)
    {
        foreach (var (key, value) in source.Fields)
        {
            var layers = value is HoconDelayedMerge merge ? merge.Layers : [value];
            var substitution = layers.OfType<HoconSubstitution>().LastOrDefault(s => s.IsOptional && !Exists(root, s.Path));
            if (substitution is not null)
            {
                target.Set(key, substitution);
                continue;
            }

            var child = new HoconObject(value.Origin);
            foreach (var nested in layers.OfType<HoconObject>())
            {
                Collect(root, nested, child);
            }

            if (child.Count > 0)
            {
                target.Set(key, child);
            }
        }
    }

    private static bool Exists(HoconObject root, HoconPath path)
    {
        HoconValue current = root;
        foreach (var key in path.Segments)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return false;
            }

            current = child;
        }

        return true;
    }
}
