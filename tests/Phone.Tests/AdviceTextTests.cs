using ShareKey.Phone.Commands;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Tests;

/// <summary>The structured advice in words: every outcome says what it is, how far to trust it, and what to do.</summary>
public sealed class AdviceTextTests
{
    [Fact]
    public void Every_refusal_reason_gets_a_verdict_and_something_to_do_whatever_the_trust()
    {
        foreach (var reason in Enum.GetValues<RefusalReason>().Where(r => r != RefusalReason.Accepted))
        {
            foreach (var trust in new[] { AnswerTrust.Verified, AnswerTrust.Unsigned, AnswerTrust.Unverified })
            {
                var advice = CommandAdvice.Of(Result(reason), trust);

                Assert.NotEmpty(AdviceText.Verdict(advice));
                Assert.NotEmpty(AdviceText.WhatToDo(advice, "4b45590000000001"));
            }
        }
    }

    [Fact]
    public void An_unsigned_refusal_is_called_advisory()
    {
        var advice = CommandAdvice.Of(Result(RefusalReason.UnknownEpoch), AnswerTrust.Unsigned);

        Assert.Contains("REFUSED (unauthenticated): unknown-epoch", AdviceText.Verdict(advice));
        Assert.Contains("advisory only", AdviceText.Verdict(advice));
        Assert.Contains("or tells you it was revoked", AdviceText.WhatToDo(advice, "4b45590000000001"));
    }

    [Fact]
    public void No_answer_says_the_command_may_have_been_carried_out()
    {
        var advice = CommandAdvice.NoAnswer(CommandCode.Start);

        Assert.Contains("NO ANSWER: the start was sent", AdviceText.Verdict(advice));
        Assert.Contains("may or may not have been carried out", AdviceText.Verdict(advice));
        Assert.Contains("moved before sending again", AdviceText.WhatToDo(advice, "4b45590000000001"));
    }

    [Fact]
    public void A_verified_acceptance_needs_nothing_more()
    {
        var advice = CommandAdvice.Of(Result(RefusalReason.Accepted, remaining: 2), AnswerTrust.Verified);

        Assert.Equal("ACCEPTED: unlock done; 2 use(s) left. The answer is signed by the device.", AdviceText.Verdict(advice));
        Assert.Empty(AdviceText.WhatToDo(advice, "4b45590000000001"));
    }

    private static ResultMessage Result(RefusalReason reason, ushort remaining = 0) =>
        new() { Status = reason, Command = CommandCode.Unlock, RemainingUses = remaining, Mac = new byte[Macs.MacLength] };
}
