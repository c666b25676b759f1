using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>Records are C# 9, so the language version lets them through; the generic equality they compile to does not.</summary>
public sealed class RecordRuleTests
{
    [Fact]
    public void Rejects_a_record_class()
    {
        GateRun.AssertRejected(Rule.Record, """
            namespace Board
            {
                public sealed record Reading(int Value); /*!*/
            }
            """);
    }
}
