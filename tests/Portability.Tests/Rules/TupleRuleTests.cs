using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class TupleRuleTests
{
    [Fact]
    public void Rejects_a_tuple_return_type()
    {
        GateRun.AssertRejected(Rule.Tuples, """
            namespace Board
            {
                public static class Split
                {
                    public static (int, int) Halves(int value) /*!*/
                    {
                        return (value / 2, value - (value / 2));
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_deconstruction()
    {
        GateRun.AssertRejected(Rule.Tuples, """
            namespace Board
            {
                public sealed class Pair
                {
                    public void Deconstruct(out int a, out int b)
                    {
                        a = 1;
                        b = 2;
                    }

                    public static int Sum(Pair pair)
                    {
                        var (a, b) = pair; /*!*/
                        return a + b;
                    }
                }
            }
            """);
    }
}
