using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class DecimalRuleTests
{
    [Fact]
    public void Rejects_decimal()
    {
        GateRun.AssertRejected(Rule.Decimal, """
            namespace Board
            {
                public static class Tariff
                {
                    public static object Price()
                    {
                        decimal price = 1.5m; /*!*/
                        return price;
                    }
                }
            }
            """);
    }
}
