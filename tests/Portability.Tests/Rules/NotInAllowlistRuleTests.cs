using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>Any BCL type or member outside the allowlist fails, even one nanoFramework may well have: it must be checked first.</summary>
public sealed class NotInAllowlistRuleTests
{
    [Fact]
    public void Rejects_a_call_outside_the_allowlist()
    {
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public static class Log
                {
                    public static void Say(string text)
                    {
                        System.Console.WriteLine(text); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_type_outside_the_allowlist()
    {
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public static class Log
                {
                    public static object Buffer()
                    {
                        return new System.Text.StringBuilder(); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Judges_each_overload_on_its_own()
    {
        // Array.Copy(Array, Array, int) is not listed; the five-argument overload is.
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public static class Bytes
                {
                    public static void Copy(byte[] from, byte[] to)
                    {
                        System.Array.Copy(from, to, from.Length); /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_a_property_outside_the_allowlist()
    {
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public static class Clock
                {
                    public static int Day()
                    {
                        return System.DateTime.UtcNow.Day; /*!*/
                    }
                }
            }
            """);
    }
}
