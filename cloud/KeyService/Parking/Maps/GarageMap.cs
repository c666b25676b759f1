namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// A garage's drawn layout, in metres on each floor's own plan (x to the right, y down): the floors'
/// sizes and entrances, each space's outline and the aisle node it is reached from, and the
/// drivable aisles as one graph over all floors (an edge between levels is a ramp).
/// </summary>
public sealed record GarageMap(IReadOnlyList<FloorPlan> Floors, IReadOnlyList<SpaceShape> Spaces, AisleGraph Aisles);

public sealed record FloorPlan(int Level, double Width, double Height, IReadOnlyList<Entrance> Entrances);

/// <summary>Where cars come in: a named gate at an aisle node.</summary>
public sealed record Entrance(string Name, string Node);

/// <summary>A space's outline (a simple polygon, 3–16 corners) and the aisle node a car reaches it from.</summary>
public sealed record SpaceShape(string SpaceId, IReadOnlyList<double[]> Outline, string Access);

public sealed record AisleGraph(IReadOnlyList<AisleNode> Nodes, IReadOnlyList<AisleEdge> Edges);

public sealed record AisleNode(string Id, int Level, double X, double Y);

/// <summary>A drivable stretch, both ways; one whose ends are on different levels is a ramp.</summary>
public sealed record AisleEdge(string From, string To);
