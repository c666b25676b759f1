using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

public sealed class AsyncRuleTests
{
    [Fact]
    public void Rejects_an_async_method()
    {
        GateRun.AssertRejected(Rule.Async, """
            namespace Board
            {
                public static class Radio
                {
                    public static async void Send() /*!*/
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_await()
    {
        GateRun.AssertRejected(Rule.Async, """
            namespace Board
            {
                public static class Radio
                {
                    public static async void Send(System.Threading.Tasks.Task sending)
                    {
                        await sending; /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void Rejects_an_async_lambda()
    {
        GateRun.AssertRejected(Rule.Async, """
            namespace Board
            {
                public static class Radio
                {
                    public static object Handler()
                    {
                        System.Action send = async () => { }; /*!*/
                        return send;
                    }
                }
            }
            """);
    }
}
