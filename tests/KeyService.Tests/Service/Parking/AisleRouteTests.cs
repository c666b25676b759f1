using ShareKey.KeyService.Parking.Maps;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>Dijkstra over the aisle graph: the shortest way from the nearest entrance, ramps costing their climb, nothing for a cut-off node.</summary>
public sealed class AisleRouteTests
{
    private static GarageMap Map(IReadOnlyList<AisleNode> nodes, IReadOnlyList<(string, string)> edges, params string[] entrances) => new(
        [new FloorPlan(0, 100, 100, [.. entrances.Where(e => nodes.Single(n => n.Id == e).Level == 0).Select(e => new Entrance(e, e))]),
         new FloorPlan(-1, 100, 100, [.. entrances.Where(e => nodes.Single(n => n.Id == e).Level == -1).Select(e => new Entrance(e, e))])],
        [],
        new AisleGraph(nodes, [.. edges.Select(e => new AisleEdge(e.Item1, e.Item2))]));

    [Fact]
    public void The_shorter_of_two_ways_wins_whichever_order_the_edges_come_in()
    {
        AisleNode[] nodes = [new("in", 0, 0, 0), new("long1", 0, 0, 50), new("long2", 0, 50, 50), new("short", 0, 20, 5), new("to", 0, 50, 0)];
        (string, string)[] edges = [("in", "long1"), ("long1", "long2"), ("long2", "to"), ("in", "short"), ("short", "to")];

        Assert.Equal(["in", "short", "to"], AisleRoute.Shortest(Map(nodes, edges, "in"), "to")!.Select(n => n.Id));
        Assert.Equal(["in", "short", "to"], AisleRoute.Shortest(Map(nodes, [.. edges.Reverse()], "in"), "to")!.Select(n => n.Id));
    }

    [Fact]
    public void The_nearest_entrance_is_used_and_a_ramp_costs_its_climb()
    {
        AisleNode[] nodes = [new("far", 0, 0, 0), new("near", 0, 90, 0), new("top", 0, 60, 0), new("bottom", -1, 60, 0), new("space", -1, 70, 0), new("cut", -1, 99, 99)];
        var map = Map(nodes, [("far", "top"), ("near", "top"), ("top", "bottom"), ("bottom", "space")], "far", "near");

        var route = AisleRoute.Shortest(map, "space")!;

        Assert.Equal(["near", "top", "bottom", "space"], route.Select(n => n.Id));
        Assert.Equal(AisleRoute.LevelHeightMetres, AisleRoute.Length(nodes[2], nodes[3]));
        Assert.Null(AisleRoute.Shortest(map, "cut"));
        Assert.Null(AisleRoute.Shortest(map, "nowhere"));
        Assert.DoesNotContain("cut", AisleRoute.Reachable(map));
    }
}
