namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// The shortest drive from any entrance to a node, over the aisle graph (Dijkstra). An edge costs
/// its length on the plan; a ramp also climbs <see cref="LevelHeightMetres"/> per level, so its cost
/// is the 3-D length.
/// </summary>
public static class AisleRoute
{
    public const double LevelHeightMetres = 3;

    /// <summary>The route's nodes from an entrance to <paramref name="target"/>; null when no entrance reaches it.</summary>
    public static IReadOnlyList<AisleNode>? Shortest(GarageMap map, string target)
    {
        var nodes = map.Aisles.Nodes.ToDictionary(node => node.Id, StringComparer.Ordinal);
        if (!nodes.ContainsKey(target))
        {
            return null;
        }

        var neighbours = nodes.Keys.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in map.Aisles.Edges)
        {
            neighbours[edge.From].Add(edge.To);
            neighbours[edge.To].Add(edge.From);
        }

        var distance = new Dictionary<string, double>(StringComparer.Ordinal);
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new PriorityQueue<string, double>();
        foreach (var entrance in map.Floors.SelectMany(floor => floor.Entrances))
        {
            distance[entrance.Node] = 0;
            queue.Enqueue(entrance.Node, 0);
        }

        while (queue.TryDequeue(out var at, out var cost))
        {
            if (cost > distance[at])
            {
                continue;
            }

            if (at == target)
            {
                break;
            }

            foreach (var next in neighbours[at])
            {
                var through = cost + Length(nodes[at], nodes[next]);
                if (!distance.TryGetValue(next, out var known) || through < known)
                {
                    distance[next] = through;
                    previous[next] = at;
                    queue.Enqueue(next, through);
                }
            }
        }

        if (!distance.ContainsKey(target))
        {
            return null;
        }

        var route = new List<AisleNode> { nodes[target] };
        for (var step = target; previous.TryGetValue(step, out var back); step = back)
        {
            route.Add(nodes[back]);
        }

        route.Reverse();
        return route;
    }

    /// <summary>The nodes any entrance reaches (for the file check: every space must be reachable).</summary>
    public static HashSet<string> Reachable(GarageMap map)
    {
        var neighbours = map.Aisles.Nodes.ToDictionary(node => node.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in map.Aisles.Edges)
        {
            neighbours[edge.From].Add(edge.To);
            neighbours[edge.To].Add(edge.From);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(map.Floors.SelectMany(floor => floor.Entrances).Select(entrance => entrance.Node));
        while (stack.TryPop(out var at))
        {
            if (seen.Add(at))
            {
                foreach (var next in neighbours[at])
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    public static double Length(AisleNode a, AisleNode b)
    {
        var (dx, dy, dz) = (a.X - b.X, a.Y - b.Y, (a.Level - b.Level) * LevelHeightMetres);
        return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
    }
}
