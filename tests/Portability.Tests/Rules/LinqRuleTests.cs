using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class LinqRuleTests
{
    [Fact]
    public void Rejects_query_syntax()
    {
        GateRun.AssertRejected(Rule.Linq, """
            using System.Linq;

            namespace Board
            {
                public static class Filter
                {
                    public static object Big(int[] values)
                    {
                        return from v in values where v > 10 select v; /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_System_Linq_extension_call()
    {
        GateRun.AssertRejected(Rule.Linq, """
            using System.Linq;

            namespace Board
            {
                public static class Filter
                {
                    public static int Count(int[] values)
                    {
                        return values.Count(); /*!*/
                    }
                }
            }
            """);
    }
}
