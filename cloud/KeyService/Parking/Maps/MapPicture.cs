using System.Globalization;
using System.Xml.Linq;
using ShareKey.KeyService.Parking.Garages;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// A garage's map as SVG (every name XML-escaped by the writer): each floor's plan, the aisles,
/// the entrances, each space filled as the caller asks (a renter's space marked, or occupancy
/// colours), and optionally a route drawn from an entrance to a space — under the spaces, so the
/// marked space stays one colour.
/// </summary>
public static class MapPicture
{
    public const string Marked = "#e6007e";
    public const string RouteColour = "#0057ff";
    public const string Occupied = "#d62828";
    public const string Free = "#2a9d3a";
    public const string Unknown = "#9e9e9e";
    public const string Plain = "#ffffff";
    public const string FloorColour = "#f2f2f2";
    public const string AisleColour = "#d0d0d0";
    public const string EntranceColour = "#1f3a93";

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>
    /// The picture. <paramref name="fills"/> colours spaces by label (others plain);
    /// <paramref name="route"/> (nodes from an entrance) ends at <paramref name="routeTo"/>'s outline.
    /// </summary>
    public static string Draw(Garage garage, string title, IReadOnlyDictionary<string, string> fills, IReadOnlyList<AisleNode>? route = null, string? routeTo = null)
    {
        var map = garage.Map ?? throw new InvalidOperationException("A garage without a map has no picture.");
        var layout = new MapLayout(garage, map);
        var nodes = map.Aisles.Nodes.ToDictionary(node => node.Id, StringComparer.Ordinal);
        var levelOf = map.Spaces.ToDictionary(shape => shape.SpaceId, shape => nodes[shape.Access].Level, StringComparer.Ordinal);
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", layout.Width),
            new XAttribute("height", layout.Height),
            new XAttribute("viewBox", $"0 0 {layout.Width} {layout.Height}"),
            new XAttribute("font-family", "sans-serif"),
            new XElement(Svg + "title", title),
            new XElement(Svg + "rect", new XAttribute("width", layout.Width), new XAttribute("height", layout.Height), new XAttribute("fill", "#ffffff")));

        foreach (var (floor, plan) in MapLayout.Floors(garage, map))
        {
            var (left, top) = layout.Pixel(plan.Level, 0, 0);
            svg.Add(
                Text(left, layout.Top(plan.Level) + 20, 16, "#222222", $"Level {floor.Level} · {floor.Name}"),
                new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", plan.Width * layout.Scale), Attr("height", plan.Height * layout.Scale),
                    new XAttribute("fill", FloorColour), new XAttribute("stroke", "#888888")));
            foreach (var edge in map.Aisles.Edges.Where(e => nodes[e.From].Level == plan.Level && nodes[e.To].Level == plan.Level))
            {
                svg.Add(Line(layout, nodes[edge.From], nodes[edge.To], AisleColour, Math.Max(4, 1.5 * layout.Scale)));
            }

            foreach (var ramp in map.Aisles.Edges.Where(e => nodes[e.From].Level != nodes[e.To].Level))
            {
                foreach (var (here, there) in new[] { (nodes[ramp.From], nodes[ramp.To]), (nodes[ramp.To], nodes[ramp.From]) }.Where(end => end.Item1.Level == plan.Level))
                {
                    var (x, y) = layout.Pixel(here.Level, here.X, here.Y);
                    svg.Add(Text(x + 8, y - 8, 11, "#444444", $"ramp to level {there.Level}"));
                }
            }
        }

        if (route is not null)
        {
            DrawRoute(svg, layout, route, routeTo is null ? null : map.Spaces.Single(s => s.SpaceId == routeTo));
        }

        foreach (var shape in map.Spaces)
        {
            var level = levelOf[shape.SpaceId];
            var points = string.Join(" ", shape.Outline.Select(corner => layout.Pixel(level, corner[0], corner[1])).Select(p => $"{Number(p.X)},{Number(p.Y)}"));
            var (cx, cy) = Geometry.Centre(shape.Outline);
            var (px, py) = layout.Pixel(level, cx, cy);
            svg.Add(
                new XElement(Svg + "polygon", new XAttribute("points", points), new XAttribute("fill", fills.GetValueOrDefault(shape.SpaceId, Plain)), new XAttribute("stroke", "#333333")),
                Text(px, py + 4, 11, "#000000", shape.SpaceId, anchor: "middle"));
        }

        foreach (var (floor, plan) in MapLayout.Floors(garage, map))
        {
            foreach (var entrance in plan.Entrances)
            {
                var node = nodes[entrance.Node];
                var (x, y) = layout.Pixel(node.Level, node.X, node.Y);
                svg.Add(
                    new XElement(Svg + "rect", Attr("x", x - 7), Attr("y", y - 7), Attr("width", 14), Attr("height", 14), new XAttribute("fill", EntranceColour)),
                    Text(x + 10, y + 4, 12, EntranceColour, entrance.Name));
            }
        }

        return new XDocument(svg).ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Each stretch on one floor as a line; a ramp as a dot at both ends; the last stretch from the access node to the space's centre.</summary>
    private static void DrawRoute(XElement svg, MapLayout layout, IReadOnlyList<AisleNode> route, SpaceShape? target)
    {
        var width = Math.Max(4, 0.6 * layout.Scale);
        for (var i = 1; i < route.Count; i++)
        {
            var (from, to) = (route[i - 1], route[i]);
            if (from.Level == to.Level)
            {
                svg.Add(Line(layout, from, to, RouteColour, width));
            }
            else
            {
                svg.Add(Dot(layout, from, width), Dot(layout, to, width));
            }
        }

        if (target is not null && route.Count > 0)
        {
            var access = route[^1];
            var (cx, cy) = Geometry.Centre(target.Outline);
            svg.Add(Line(layout, access, new AisleNode(target.SpaceId, access.Level, cx, cy), RouteColour, width));
        }
    }

    private static XElement Line(MapLayout layout, AisleNode a, AisleNode b, string colour, double width)
    {
        var (x1, y1) = layout.Pixel(a.Level, a.X, a.Y);
        var (x2, y2) = layout.Pixel(b.Level, b.X, b.Y);
        return new XElement(Svg + "line", Attr("x1", x1), Attr("y1", y1), Attr("x2", x2), Attr("y2", y2),
            new XAttribute("stroke", colour), Attr("stroke-width", width), new XAttribute("stroke-linecap", "round"));
    }

    private static XElement Dot(MapLayout layout, AisleNode at, double width)
    {
        var (x, y) = layout.Pixel(at.Level, at.X, at.Y);
        return new XElement(Svg + "circle", Attr("cx", x), Attr("cy", y), Attr("r", width), new XAttribute("fill", RouteColour));
    }

    private static XElement Text(double x, double y, int size, string colour, string text, string anchor = "start") =>
        new(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("font-size", size), new XAttribute("fill", colour), new XAttribute("text-anchor", anchor), text);

    private static XAttribute Attr(string name, double value) => new(name, Number(value));

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
