using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class NullableValueTypeRuleTests
{
    [Fact]
    public void Rejects_int_question_mark()
    {
        GateRun.AssertRejected(Rule.NullableValueType, """
            namespace Board
            {
                public sealed class Clock
                {
                    private int? _offset; /*!*/
                }
            }
            """);
    }

    [Fact]
    public void Rejects_System_Nullable_spelled_out()
    {
        GateRun.AssertRejected(Rule.NullableValueType, """
            namespace Board
            {
                public static class Clock
                {
                    public static bool Known(
                        System.Nullable<uint> time) /*!*/
                    {
                        return time != null;
                    }
                }
            }
            """);
    }
}
