using System.Collections;
using System.Reflection;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// Compares two protocol objects field by field — every public property, recursively, arrays
/// element by element — and names each path where they differ. Reflection rather than Equals
/// because the portable message classes deliberately have no value equality.
/// </summary>
public static class FieldDifferences
{
    public static IReadOnlyList<string> Between(object? expected, object? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "message", differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (!ReferenceEquals(expected, actual))
            {
                differences.Add(path + ": " + Describe(expected) + " vs " + Describe(actual));
            }

            return;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            differences.Add(path + ": type " + type.Name + " vs " + actual.GetType().Name);
        }
        else if (type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            if (!expected.Equals(actual))
            {
                differences.Add(path + ": " + expected + " vs " + actual);
            }
        }
        else if (expected is IList expectedList && actual is IList actualList)
        {
            CompareLists(expectedList, actualList, path, differences);
        }
        else
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0)
                {
                    Compare(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name, differences);
                }
            }
        }
    }

    private static void CompareLists(IList expected, IList actual, string path, List<string> differences)
    {
        if (expected.Count != actual.Count)
        {
            differences.Add(path + ": " + expected.Count + " items vs " + actual.Count);
            return;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            Compare(expected[i], actual[i], path + "[" + i + "]", differences);
        }
    }

    private static string Describe(object? value) => value is null ? "null" : value.ToString() ?? "?";
}
