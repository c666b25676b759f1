namespace ShareKey.KeyService.Parking.Maps;

/// <summary>Plane geometry on a floor plan: what the garage file's checks and the map drawing need.</summary>
public static class Geometry
{
    /// <summary>The polygon's area (shoelace), whichever way round its corners go.</summary>
    public static double Area(IReadOnlyList<double[]> polygon)
    {
        var twice = 0.0;
        for (var i = 0; i < polygon.Count; i++)
        {
            var (a, b) = (polygon[i], polygon[(i + 1) % polygon.Count]);
            twice += (a[0] * b[1]) - (b[0] * a[1]);
        }

        return Math.Abs(twice) / 2;
    }

    /// <summary>The centre of the polygon's corners: inside any convex outline, which spaces are.</summary>
    public static (double X, double Y) Centre(IReadOnlyList<double[]> polygon) =>
        (polygon.Average(p => p[0]), polygon.Average(p => p[1]));

    /// <summary>True when two edges that are not neighbours in the outline touch or cross.</summary>
    public static bool SelfIntersects(IReadOnlyList<double[]> polygon)
    {
        var n = polygon.Count;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var neighbours = j == i + 1 || (i == 0 && j == n - 1);
                if (!neighbours && SegmentsTouch(polygon[i], polygon[(i + 1) % n], polygon[j], polygon[(j + 1) % n]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the two outlines share any area: an edge crosses, or one lies inside the other.</summary>
    public static bool Overlap(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                if (SegmentsCross(a[i], a[(i + 1) % a.Count], b[j], b[(j + 1) % b.Count]))
                {
                    return true;
                }
            }
        }

        var (ax, ay) = Centre(a);
        var (bx, by) = Centre(b);
        return Contains(a, bx, by) || Contains(b, ax, ay);
    }

    /// <summary>Even-odd rule.</summary>
    public static bool Contains(IReadOnlyList<double[]> polygon, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (pi, pj) = (polygon[i], polygon[j]);
            if ((pi[1] > y) != (pj[1] > y) && x < ((pj[0] - pi[0]) * (y - pi[1]) / (pj[1] - pi[1])) + pi[0])
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static double Cross(double[] o, double[] a, double[] b) => ((a[0] - o[0]) * (b[1] - o[1])) - ((a[1] - o[1]) * (b[0] - o[0]));

    /// <summary>Proper crossing: each segment's ends strictly on both sides of the other (shared edges of neighbouring spaces do not count).</summary>
    private static bool SegmentsCross(double[] p1, double[] p2, double[] q1, double[] q2) =>
        Math.Sign(Cross(p1, p2, q1)) * Math.Sign(Cross(p1, p2, q2)) < 0 && Math.Sign(Cross(q1, q2, p1)) * Math.Sign(Cross(q1, q2, p2)) < 0;

    /// <summary>Crossing or touching, collinear overlaps included.</summary>
    private static bool SegmentsTouch(double[] p1, double[] p2, double[] q1, double[] q2)
    {
        var (d1, d2, d3, d4) = (Cross(q1, q2, p1), Cross(q1, q2, p2), Cross(p1, p2, q1), Cross(p1, p2, q2));
        if (Math.Sign(d1) * Math.Sign(d2) < 0 && Math.Sign(d3) * Math.Sign(d4) < 0)
        {
            return true;
        }

        return (d1 == 0 && OnSegment(q1, q2, p1)) || (d2 == 0 && OnSegment(q1, q2, p2)) || (d3 == 0 && OnSegment(p1, p2, q1)) || (d4 == 0 && OnSegment(p1, p2, q2));
    }

    private static bool OnSegment(double[] a, double[] b, double[] p) =>
        Math.Min(a[0], b[0]) <= p[0] && p[0] <= Math.Max(a[0], b[0]) && Math.Min(a[1], b[1]) <= p[1] && p[1] <= Math.Max(a[1], b[1]);
}
