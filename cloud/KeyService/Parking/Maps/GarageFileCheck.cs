using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// What a garage file must be beyond its JSON shape: sizes bounded, every outline a simple polygon
/// of real area inside its floor, spaces not overlapping, every node on a floor, no edge to a node
/// that is not there, every space reachable from an entrance. All problems are reported at once
/// (up to <see cref="MaxReported"/>), each naming where in the file it is.
/// </summary>
public static class GarageFileCheck
{
    public const int MaxSpaces = 500;
    public const int MaxNodes = 2000;
    public const int MaxEdges = 5000;
    public const int MaxEntrancesPerFloor = 8;
    public const int MinCorners = 3;
    public const int MaxCorners = 16;
    public const double MaxSideMetres = 1000;
    public const double MinSpaceArea = 1;
    public const int MaxReported = 10;

    /// <summary>The file's map; throws invalid-map naming every problem found.</summary>
    public static GarageMap Check(GarageFile file)
    {
        var problems = new List<string>();
        var floors = file.Floors ?? [];
        var spaceCount = floors.Sum(floor => floor?.Spaces?.Count ?? 0);
        if (spaceCount > MaxSpaces)
        {
            // Refused before any per-space work: a flood of spaces costs nothing more to turn away.
            throw Invalid([$"floors: {spaceCount} spaces; a garage file holds at most {MaxSpaces}"]);
        }

        var nodes = new Dictionary<string, NodeFile>(StringComparer.Ordinal);
        var aisles = file.Aisles;
        if (aisles?.Nodes is null || aisles.Edges is null)
        {
            problems.Add("aisles: needs nodes and edges");
        }
        else
        {
            CheckGraph(aisles, floors, nodes, problems);
        }

        var spaces = new List<(string Where, SpaceFile Space, int Level)>();
        for (var f = 0; f < floors.Count; f++)
        {
            CheckFloor(floors[f], $"floors[{f}]", nodes, spaces, problems);
        }

        if (floors.All(floor => floor?.Entrances is not { Count: > 0 }))
        {
            problems.Add("floors: no entrance on any floor; a car must come in somewhere");
        }

        CheckSpacesApart(spaces, problems);
        if (problems.Count > 0)
        {
            throw Invalid(problems);
        }

        var map = new GarageMap(
            floors.Select(floor => new FloorPlan(floor.Level, floor.Width, floor.Height, floor.Entrances.Select(e => new Entrance(e.Name, e.Node)).ToList())).ToList(),
            spaces.Where(s => s.Space.Outline is not null).Select(s => new SpaceShape(s.Space.SpaceId, s.Space.Outline!, s.Space.Access!)).ToList(),
            new AisleGraph(aisles!.Nodes.Select(n => new AisleNode(n.Id, n.Level, n.X, n.Y)).ToList(), aisles.Edges!.Select(e => new AisleEdge(e.From, e.To)).ToList()));

        var reachable = AisleRoute.Reachable(map);
        foreach (var (where, space, _) in spaces.Where(s => s.Space.Access is { } access && !reachable.Contains(access)))
        {
            problems.Add($"{where}: space {space.SpaceId} cannot be reached from any entrance (its access node {space.Access} is cut off)");
        }

        return problems.Count > 0 ? throw Invalid(problems) : map;
    }

    private static void CheckGraph(AislesFile aisles, IReadOnlyList<FloorFile> floors, Dictionary<string, NodeFile> nodes, List<string> problems)
    {
        if (aisles.Nodes.Count > MaxNodes || aisles.Edges.Count > MaxEdges)
        {
            problems.Add($"aisles: {aisles.Nodes.Count} nodes and {aisles.Edges.Count} edges; at most {MaxNodes} and {MaxEdges}");
            return;
        }

        for (var i = 0; i < aisles.Nodes.Count; i++)
        {
            var node = aisles.Nodes[i];
            var where = $"aisles.nodes[{i}]";
            if (node?.Id is null)
            {
                problems.Add($"{where}: needs an id");
                continue;
            }

            if (!nodes.TryAdd(node.Id, node))
            {
                problems.Add($"{where}: node id {node.Id} is used twice");
            }

            if (floors.FirstOrDefault(floor => floor?.Level == node.Level) is not { } floor)
            {
                problems.Add($"{where}: node {node.Id} is on level {node.Level}, which has no floor");
            }
            else if (!Inside(floor, node.X, node.Y))
            {
                problems.Add($"{where}: node {node.Id} at ({node.X}, {node.Y}) is outside its {floor.Width} × {floor.Height} m floor");
            }
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < aisles.Edges.Count; i++)
        {
            var edge = aisles.Edges[i];
            var where = $"aisles.edges[{i}]";
            if (edge?.From is null || edge.To is null)
            {
                problems.Add($"{where}: needs from and to");
                continue;
            }

            foreach (var end in new[] { edge.From, edge.To }.Where(end => !nodes.ContainsKey(end)))
            {
                problems.Add($"{where}: dangling edge {edge.From}–{edge.To}: there is no node {end}");
            }

            if (edge.From == edge.To)
            {
                problems.Add($"{where}: edge from {edge.From} to itself");
            }
            else if (!seen.Add(string.CompareOrdinal(edge.From, edge.To) < 0 ? (edge.From, edge.To) : (edge.To, edge.From)))
            {
                problems.Add($"{where}: edge {edge.From}–{edge.To} is given twice");
            }
        }
    }

    private static void CheckFloor(FloorFile floor, string where, Dictionary<string, NodeFile> nodes, List<(string, SpaceFile, int)> spaces, List<string> problems)
    {
        if (floor is null)
        {
            problems.Add($"{where}: is null");
            return;
        }

        if (floor.Name is null || floor.Entrances is null || floor.Spaces is null)
        {
            problems.Add($"{where}: needs name, entrances and spaces (either may be an empty list)");
            return;
        }

        if (!(floor.Width is > 0 and <= MaxSideMetres) || !(floor.Height is > 0 and <= MaxSideMetres))
        {
            problems.Add($"{where}: the plan must be more than 0 and at most {MaxSideMetres} m each way, not {floor.Width} × {floor.Height}");
        }

        var entrances = floor.Entrances;
        if (entrances.Count > MaxEntrancesPerFloor)
        {
            problems.Add($"{where}.entrances: at most {MaxEntrancesPerFloor} per floor");
        }

        for (var e = 0; e < entrances.Count; e++)
        {
            var entrance = entrances[e];
            if (entrance?.Node is null || !nodes.TryGetValue(entrance.Node, out var node) || node.Level != floor.Level)
            {
                problems.Add($"{where}.entrances[{e}]: entrance {entrance?.Name} is at no node of level {floor.Level} ({entrance?.Node ?? "none given"})");
            }
        }

        var spacesHere = floor.Spaces;
        for (var s = 0; s < spacesHere.Count; s++)
        {
            var space = spacesHere[s];
            var at = $"{where}.spaces[{s}]";
            if (space?.SpaceId is null || space.Lock is null || (space.Outline is null) != (space.Access is null))
            {
                problems.Add($"{at}: needs spaceId, lock, and outline and access both (or neither, for a space not drawn on the map)");
                continue;
            }

            CheckSpace(floor, space, at, nodes, problems);
            spaces.Add((at, space, floor.Level));
        }
    }

    private static void CheckSpace(FloorFile floor, SpaceFile space, string where, Dictionary<string, NodeFile> nodes, List<string> problems)
    {
        if (!space.SpaceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"{where}: spaceId '{space.SpaceId}' may hold only letters, digits, '-', '_' and '.'");
        }

        CheckRules(space, where, problems);
        if (space is not { Outline: { } outline, Access: { } accessNode })
        {
            return;
        }

        if (outline.Count is < MinCorners or > MaxCorners || outline.Any(corner => corner is not { Length: 2 } || !double.IsFinite(corner[0]) || !double.IsFinite(corner[1])))
        {
            problems.Add($"{where}: space {space.SpaceId}'s outline needs {MinCorners}–{MaxCorners} corners, each [x, y]");
        }
        else if (outline.FirstOrDefault(corner => !Inside(floor, corner[0], corner[1])) is { } outside)
        {
            problems.Add($"{where}: space {space.SpaceId} has a corner ({outside[0]}, {outside[1]}) outside its {floor.Width} × {floor.Height} m floor");
        }
        else if (Geometry.SelfIntersects(outline))
        {
            problems.Add($"{where}: space {space.SpaceId}'s outline crosses itself");
        }
        else if (Geometry.Area(outline) < MinSpaceArea)
        {
            problems.Add($"{where}: space {space.SpaceId}'s outline encloses {Geometry.Area(outline):0.##} m², less than {MinSpaceArea} m²");
        }

        if (!nodes.TryGetValue(accessNode, out var access))
        {
            problems.Add($"{where}: space {space.SpaceId}'s access node {accessNode} is not in aisles.nodes");
        }
        else if (access.Level != floor.Level)
        {
            problems.Add($"{where}: space {space.SpaceId} is on level {floor.Level} but its access node {accessNode} is on level {access.Level}");
        }
    }

    private static void CheckRules(SpaceFile space, string where, List<string> problems)
    {
        if (space.Rules is { } rules)
        {
            try
            {
                rules.Over(new SpaceRules(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
            }
            catch (ServiceError refused)
            {
                problems.Add($"{where}: space {space.SpaceId}'s rules: {refused.Detail}");
            }
        }
    }

    private static void CheckSpacesApart(List<(string Where, SpaceFile Space, int Level)> spaces, List<string> problems)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var locks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var drawn = spaces.Where(s => s.Space.Outline is { Count: >= MinCorners } outline && outline.All(c => c is { Length: 2 })).ToList();
        foreach (var (where, space, _) in spaces)
        {
            if (!labels.Add(space.SpaceId))
            {
                problems.Add($"{where}: space {space.SpaceId} is given twice");
            }

            if (!locks.Add(space.Lock))
            {
                problems.Add($"{where}: lock {space.Lock} is given to two spaces; one lock, one space");
            }
        }

        for (var i = 0; i < drawn.Count && problems.Count < MaxReported; i++)
        {
            for (var j = i + 1; j < drawn.Count; j++)
            {
                if (drawn[i].Level == drawn[j].Level && Geometry.Overlap(drawn[i].Space.Outline!, drawn[j].Space.Outline!))
                {
                    problems.Add($"{drawn[j].Where}: space {drawn[j].Space.SpaceId} overlaps space {drawn[i].Space.SpaceId}");
                }
            }
        }
    }

    private static bool Inside(FloorFile floor, double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) && x >= 0 && y >= 0 && x <= floor.Width && y <= floor.Height;

    private static ServiceError Invalid(List<string> problems)
    {
        var shown = problems.Take(MaxReported).ToList();
        var more = problems.Count > shown.Count ? $"; and {problems.Count - shown.Count} more" : string.Empty;
        return new ServiceError(ErrorCode.InvalidMap, $"The garage file has {problems.Count} problem(s): {string.Join("; ", shown)}{more}.");
    }
}
