using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class SpanRuleTests
{
    [Fact]
    public void Rejects_a_Span_parameter()
    {
        GateRun.AssertRejected(Rule.Span, """
            namespace Board
            {
                public static class Wire
                {
                    public static void Clear(System.Span<byte> bytes) /*!*/
                    {
                        bytes.Clear();
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_ReadOnlySpan_and_Memory()
    {
        string source = """
            namespace Board
            {
                public static class Wire
                {
                    public static int Length(System.ReadOnlySpan<byte> bytes) /*!*/
                    {
                        return bytes.Length;
                    }

                    public static System.Memory<byte> Keep(byte[] bytes)
                    {
                        return bytes;
                    }
                }
            }
            """;
        GateRun.AssertRejected(Rule.Span, source);
        Assert.Contains(GateRun.Check(source), v => v.Rule == Rule.Span && v.Detail.Contains("Memory", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_stackalloc()
    {
        GateRun.AssertRejected(Rule.Span, """
            namespace Board
            {
                public static class Wire
                {
                    public static int Scratch()
                    {
                        var scratch = stackalloc byte[16]; /*!*/
                        return scratch.Length;
                    }
                }
            }
            """);
    }
}
