using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class GenericsRuleTests
{
    [Fact]
    public void Rejects_a_generic_collection_type()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public sealed class Keys
                {
                    private readonly System.Collections.Generic.List<int> _ids = null; /*!*/
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_dictionary_built_in_a_method()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public static class Keys
                {
                    public static int Count()
                    {
                        object uses = new System.Collections.Generic.Dictionary<ulong, int>(); /*!*/
                        return uses.GetHashCode();
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_generic_method_call()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public static class Buffers
                {
                    public static byte[] None()
                    {
                        return System.Array.Empty<byte>(); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_generic_type_declaration()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public sealed class Box<T> /*!*/
                {
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_generic_method_declaration()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public static class Pick
                {
                    public static object First<T>(object a) /*!*/
                    {
                        return a;
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_foreach_over_a_generic_enumerable()
    {
        GateRun.AssertRejected(Rule.Generics, """
            namespace Board
            {
                public static class Sum
                {
                    public static int Of(
                        System.Collections.Generic.IEnumerable<int> values)
                    {
                        int total = 0;
                        foreach (int value in values) /*!*/
                        {
                            total += value;
                        }

                        return total;
                    }
                }
            }
            """);
    }
}
