using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>Portable code must compile on its own: a reference to a host-only file or an unknown API is an error.</summary>
public sealed class CompileErrorRuleTests
{
    [Fact]
    public void Rejects_code_that_does_not_compile()
    {
        GateRun.AssertRejected(Rule.CompileError, """
            namespace Board
            {
                public static class Crypto
                {
                    public static object Provider()
                    {
                        return new DotNetCryptoProvider(); /*!*/
                    }
                }
            }
            """);
    }
}
