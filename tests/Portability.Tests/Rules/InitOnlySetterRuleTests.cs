using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>init is C# 9 and nanoFramework's mscorlib has IsExternalInit, yet the board's metadata processor is not known to handle the modreq it implies.</summary>
public sealed class InitOnlySetterRuleTests
{
    [Fact]
    public void Rejects_an_init_accessor()
    {
        GateRun.AssertRejected(Rule.InitOnlySetter, """
            namespace Board
            {
                public sealed class Reading
                {
                    public int Value { get; init; } /*!*/
                }
            }
            """);
    }
}
