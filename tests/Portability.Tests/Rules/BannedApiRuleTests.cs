using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class BannedApiRuleTests
{
    [Fact]
    public void Rejects_DateTime_Now()
    {
        GateRun.AssertRejected(Rule.BannedApi, """
            namespace Board
            {
                public static class Clock
                {
                    public static long Ticks()
                    {
                        return System.DateTime.Now.Ticks; /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_String_Replace()
    {
        GateRun.AssertRejected(Rule.BannedApi, """
            namespace Board
            {
                public static class Text
                {
                    public static string Dashless(string id)
                    {
                        return id.Replace("-", ""); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_String_Join()
    {
        GateRun.AssertRejected(Rule.BannedApi, """
            namespace Board
            {
                public static class Text
                {
                    public static string Csv(string[] parts)
                    {
                        return string.Join(",", parts); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_String_IsNullOrWhiteSpace()
    {
        GateRun.AssertRejected(Rule.BannedApi, """
            namespace Board
            {
                public static class Text
                {
                    public static bool Blank(string text)
                    {
                        return string.IsNullOrWhiteSpace(text); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Stays_banned_when_someone_allowlists_it()
    {
        ApiAllowlist permissive = ApiAllowlist.Parse(
            GateRun.Allowlist.Entries.Keys.Append("M:System.String.IsNullOrWhiteSpace(System.String)").Prepend("[test]"),
            "test");

        GateRun.AssertRejected(Rule.BannedApi, """
            namespace Board
            {
                public static class Text
                {
                    public static bool Blank(string text)
                    {
                        return string.IsNullOrWhiteSpace(text); /*!*/
                    }
                }
            }
            """, permissive);
    }
}
