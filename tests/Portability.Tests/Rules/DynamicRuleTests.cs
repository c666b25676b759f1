using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class DynamicRuleTests
{
    [Fact]
    public void Rejects_a_dynamic_variable()
    {
        GateRun.AssertRejected(Rule.Dynamic, """
            namespace Board
            {
                public static class Late
                {
                    public static object Bound(object value)
                    {
                        dynamic late = value; /*!*/
                        return late;
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_dynamic_call()
    {
        GateRun.AssertRejected(Rule.Dynamic, """
            namespace Board
            {
                public static class Late
                {
                    public static void Poke(dynamic target)
                    {
                        target.Poke(); /*!*/
                    }
                }
            }
            """);
    }
}
