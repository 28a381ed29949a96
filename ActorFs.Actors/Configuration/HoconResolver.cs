namespace ActorFs.Actors.Configuration;

/// <summary>
/// Replaces substitutions over a whole (merged) tree, as the spec asks: after all documents are merged.
/// <list type="bullet">
/// <item>A substitution looks its path up in the tree; nodes on the way are resolved on demand and memoized.
/// One from an included file tries its path relative to the include's location, then as written.</item>
/// <item>Not found there, it falls back to the environment source (as a string; an empty variable counts as
/// unset); still not found, an optional substitution makes its field disappear and a required one is an error
/// naming its origin.</item>
/// <item>A substitution that reaches the field it is part of is self-referential: it sees the field's earlier
/// definitions (the layers below it in a <see cref="HoconDelayedMerge"/>), or nothing if there are none.</item>
/// <item>Reaching a value that is being resolved any other way is a cycle and an error.</item>
/// </list>
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly IEnvironmentSource _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconValue> _inProgress = [];
    // For each merge being folded: the layer being resolved and where that layer's frames start on _inProgress.
    private readonly Dictionary<HoconDelayedMerge, (int Layer, int Start)> _activeLayer = new(ReferenceEqualityComparer.Instance);

    private HoconResolver(HoconObject root, IEnvironmentSource environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconObject Resolve(HoconObject root, IEnvironmentSource environment)
    {
        if (root.IsResolved)
        {
            return root;
        }

        var resolver = new HoconResolver(root, environment);
        return (HoconObject)resolver.Resolve(root)!;
    }

    /// <summary>Returns the resolved value, or null when it is undefined (an optional substitution to nothing).</summary>
    private HoconValue? Resolve(HoconValue value)
    {
        if (value.IsResolved)
        {
            return value;
        }

        if (_resolved.TryGetValue(value, out var done))
        {
            return done;
        }

        if (IndexInProgress(value) >= 0)
        {
            throw Cycle(value);
        }

        _inProgress.Add(value);
        try
        {
            var result = value switch
            {
                HoconObject obj => ResolveObject(obj),
                HoconArray array => ResolveArray(array),
                HoconSubstitution substitution => ResolveSubstitution(substitution),
                HoconConcatenation concatenation => ResolveConcatenation(concatenation),
                HoconDelayedMerge merge => Fold(merge, merge.Layers.Count),
                _ => value,
            };
            _resolved[value] = result;
            return result;
        }
        finally
        {
            _inProgress.RemoveAt(_inProgress.Count - 1);
        }
    }

    private HoconObject ResolveObject(HoconObject obj)
    {
        var result = new HoconObject(obj.Origin);
        foreach (var (key, field) in obj.Fields)
        {
            if (Resolve(field) is { } resolved)
            {
                result.Set(key, resolved);
            }
        }

        return result;
    }

    private HoconArray ResolveArray(HoconArray array) =>
        new(array.Items.Select(Resolve).OfType<HoconValue>().ToList(), array.Origin);

    /// <summary>Merges the first <paramref name="count"/> layers, latest first, stopping at the first non-object.</summary>
    private HoconValue? Fold(HoconDelayedMerge merge, int count)
    {
        var hadActive = _activeLayer.TryGetValue(merge, out var savedLayer);
        HoconValue? result = null;
        try
        {
            for (var i = count - 1; i >= 0; i--)
            {
                if (result is not null and not HoconObject)
                {
                    break;
                }

                if (IndexInProgress(merge.Layers[i]) >= 0)
                {
                    // Only a merged view (see ResolveForLookup) shares a layer that is being resolved: the
                    // substitution in it refers to itself, so it sees the layers below.
                    continue;
                }

                _activeLayer[merge] = (i, _inProgress.Count);
                var layer = Resolve(merge.Layers[i]);
                if (layer is null)
                {
                    continue;
                }

                if (result is null)
                {
                    result = layer;
                }
                else if (layer is HoconObject earlier)
                {
                    result = HoconMerger.MergeObjects(earlier, (HoconObject)result);
                }
                else
                {
                    break;
                }
            }
        }
        finally
        {
            if (hadActive)
            {
                _activeLayer[merge] = savedLayer;
            }
            else
            {
                _activeLayer.Remove(merge);
            }
        }

        return result;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        var (value, selfReference) = Lookup(substitution, substitution.Path);
        if (value is null && !selfReference && !substitution.Path.Equals(substitution.WrittenPath))
        {
            (value, selfReference) = Lookup(substitution, substitution.WrittenPath);
        }

        if (value is not null)
        {
            return value;
        }

        var name = string.Join('.', substitution.WrittenPath.Segments);
        if (_environment.GetVariable(name) is { Length: > 0 } variable)
        {
            return HoconScalar.FromString(variable, new ConfigOrigin("env " + name, 0));
        }

        if (substitution.IsOptional)
        {
            return null;
        }

        var reason = selfReference
            ? "it refers to the field being defined, which has no earlier value"
            : $"no value at '{substitution.Path}' and no environment variable '{name}'";
        throw new ConfigException(
            $"{substitution.Origin}: could not resolve substitution {substitution}: {reason}",
            substitution.Path.ToString(),
            substitution.Origin);
    }

    /// <summary>The resolved value at <paramref name="path"/>, or null when there is none.</summary>
    private (HoconValue? Value, bool SelfReference) Lookup(HoconSubstitution substitution, HoconPath path)
    {
        HoconValue current = _root;
        foreach (var key in path.Segments)
        {
            if (current is not HoconObject obj)
            {
                var (resolved, self) = ResolveForLookup(current, substitution, passingThrough: true);
                if (resolved is not HoconObject resolvedObject)
                {
                    return (null, self);
                }

                obj = resolvedObject;
            }

            if (!obj.TryGetValue(key, out var child))
            {
                return (null, false);
            }

            current = child;
        }

        return ResolveForLookup(current, substitution, passingThrough: false);
    }

    /// <summary>
    /// Resolves a node met on a lookup path. A merge that is being resolved is seen as its earlier layers; when
    /// the lookup passes through it into the object layer being resolved, that layer's own fields are visible too,
    /// so siblings can refer to each other.
    /// </summary>
    private (HoconValue? Value, bool SelfReference) ResolveForLookup(HoconValue node, HoconSubstitution substitution, bool passingThrough)
    {
        var index = IndexInProgress(node);
        if (index < 0)
        {
            return (Resolve(node), false);
        }

        var framesStart = index + 1;
        if (node is HoconDelayedMerge merge && _activeLayer.TryGetValue(merge, out var active))
        {
            if (active.Layer > 0)
            {
                var below = Fold(merge, active.Layer);
                if (passingThrough && merge.Layers[active.Layer] is HoconObject layer)
                {
                    return (below is HoconObject belowObject ? HoconMerger.MergeObjects(belowObject, layer) : layer, false);
                }

                return (below, false);
            }

            framesStart = active.Start;
        }

        if (IsSelfReference(node, framesStart, substitution))
        {
            return (null, true);
        }

        throw Cycle(substitution);
    }

    /// <summary>
    /// True when <paramref name="node"/> contains the substitution itself: no other substitution's lookup lies
    /// between the node's (current layer's) frames, starting at <paramref name="framesStart"/>, and the substitution
    /// on top of the stack. Reaching it then means "the field I am defining".
    /// </summary>
    private bool IsSelfReference(HoconValue node, int framesStart, HoconSubstitution substitution)
    {
        if (node is HoconSubstitution && !ReferenceEquals(node, substitution))
        {
            return false;
        }

        for (var i = framesStart; i < _inProgress.Count - 1; i++)
        {
            if (_inProgress[i] is HoconSubstitution)
            {
                return false;
            }
        }

        return true;
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation)
    {
        var parts = concatenation.Parts.Select(ResolvePart).OfType<HoconValue>().ToList();
        if (parts.Any(part => part is HoconObject or HoconArray))
        {
            parts.RemoveAll(part => part is HoconScalar { IsUnquotedWhitespace: true });
        }

        if (parts.All(part => part is HoconScalar { IsUnquotedWhitespace: true }))
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (parts.All(part => part is HoconScalar))
        {
            return HoconScalar.FromString(string.Concat(parts.Select(part => ((HoconScalar)part).Text)), concatenation.Origin);
        }

        if (parts.All(part => part is HoconArray))
        {
            return new HoconArray(parts.SelectMany(part => ((HoconArray)part).Items).ToList(), concatenation.Origin);
        }

        if (parts.All(part => part is HoconObject))
        {
            return parts.Cast<HoconObject>().Aggregate(HoconMerger.MergeObjects);
        }

        var kinds = string.Join(", ", parts.Select(part => part.KindName).Distinct());
        throw new ConfigException(
            $"{concatenation.Origin}: cannot concatenate values of different kinds ({kinds}); only strings, arrays or objects can be joined",
            path: null,
            concatenation.Origin);
    }

    /// <summary>As the spec says, a substitution that is null becomes the empty string inside a string concatenation.</summary>
    private HoconValue? ResolvePart(HoconValue part)
    {
        var value = Resolve(part);
        return part is HoconSubstitution && value is HoconScalar { Kind: HoconScalarKind.Null }
            ? HoconScalar.FromString(string.Empty, value.Origin)
            : value;
    }

    private int IndexInProgress(HoconValue value)
    {
        for (var i = _inProgress.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_inProgress[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    private ConfigException Cycle(HoconValue at)
    {
        var chain = string.Join(" -> ", _inProgress.OfType<HoconSubstitution>().Select(s => $"{s} at {s.Origin}"));
        var description = at is HoconSubstitution substitution ? $"{substitution} at {at.Origin}" : $"value at {at.Origin}";
        return new ConfigException(
            $"{at.Origin}: cycle in substitutions while resolving {description} ({chain})",
            path: null,
            at.Origin);
    }
}
