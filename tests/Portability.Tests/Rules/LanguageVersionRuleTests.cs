using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>The board's toolchain is C# 9: anything newer must fail the gate, not the board build.</summary>
public sealed class LanguageVersionRuleTests
{
    [Fact]
    public void Rejects_a_file_scoped_namespace()
    {
        GateRun.AssertRejected(Rule.LanguageVersion, """
            namespace Board; /*!*/

            public static class Nothing
            {
            }
            """);
    }

    [Fact]
    public void Rejects_a_raw_string_literal()
    {
        GateRun.AssertRejected(Rule.LanguageVersion, """"
            namespace Board
            {
                public static class Text
                {
                    public const string Hello = """hello"""; /*!*/
                }
            }
            """");
    }

    [Fact]
    public void Rejects_a_list_pattern()
    {
        GateRun.AssertRejected(Rule.LanguageVersion, """
            namespace Board
            {
                public static class Frames
                {
                    public static bool StartsWithOne(int[] values)
                    {
                        return values is [1, ..]; /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_required_member()
    {
        GateRun.AssertRejected(Rule.LanguageVersion, """
            namespace Board
            {
                public sealed class Settings
                {
                    public required int Port { get; set; } /*!*/
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_record_struct()
    {
        GateRun.AssertRejected(Rule.LanguageVersion, """
            namespace Board
            {
                public record struct Point(int X, int Y); /*!*/
            }
            """);
    }
}
