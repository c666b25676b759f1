using FsCheck;
using FsCheck.Fluent;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Properties;

/// <summary>
/// For random tokens, commands and device states, <see cref="CommandVerifier"/> agrees with a
/// reference model written from its documented precedence (docs/architecture.md §4, docs/protocol.md §6):
/// the same reason, remaining uses, use counting and result signing — within the HMAC budget.
/// </summary>
public sealed class VerifierModelProperties
{
    private const int Cases = 10_000;

    private readonly Macs _issuerMacs = new(Samples.Crypto);
    private readonly Macs _deviceMacs = new(Samples.Crypto);
    private readonly CommandVerifier _verifier;
    private readonly HashSet<RefusalReason> _seen = new();

    public VerifierModelProperties()
    {
        _verifier = new CommandVerifier(_deviceMacs);
    }

    [Fact]
    public void The_verdict_matches_the_reference_model_and_stays_within_the_HMAC_budget()
    {
        PropertyCheck.ForAll(VerifierScenario.Any, Cases, scenario =>
        {
            var expected = VerifierModel.Judge(scenario);
            var command = scenario.BuildCommand(_issuerMacs);
            var state = scenario.BuildDevice(_issuerMacs);
            var before = _deviceMacs.HmacCount;

            var verdict = _verifier.Verify(state, command);
            var verifyCost = _deviceMacs.HmacCount - before;
            var result = _verifier.SignResult(verdict, state.DeviceId, command, command.MessageId, state.Now);
            var totalCost = _deviceMacs.HmacCount - before;

            Assert.Equal(expected, verdict.Reason);
            Assert.Equal(VerifierModel.RemainingUses(scenario, expected), verdict.RemainingUses);
            Assert.Equal(VerifierModel.IsCounted(scenario, expected), verdict.IsCounted);
            Assert.Equal(VerifierModel.ProvedHolderSecret(expected), verdict.HolderSecret is not null);
            Assert.Equal(verdict.RemainingUses, result.RemainingUses);
            Assert.True(verifyCost <= 3, $"verification cost {verifyCost} HMACs");
            if (expected == RefusalReason.Accepted)
            {
                Assert.True(totalCost <= 4, $"accepted {scenario.Command} cost {totalCost} HMACs with the signed result");
            }

            _seen.Add(verdict.Reason);
        });

        // Malformed and too-far are the session's, remote-locked and space-occupied the board's (after the verifier accepted).
        var reachable = Enum.GetValues<RefusalReason>().Where(r => r is not RefusalReason.Malformed and not RefusalReason.TooFar and not RefusalReason.RemoteLocked and not RefusalReason.SpaceOccupied);
        Assert.Empty(reachable.Except(_seen));
    }

    [Fact]
    public void An_accepted_unlock_costs_at_most_four_HMACs_and_its_result_verifies_with_the_holder_secret()
    {
        var unlocks = VerifierScenario.Any.Where(s => s.Command == CommandCode.Unlock && VerifierModel.Judge(s) == RefusalReason.Accepted);

        PropertyCheck.ForAll(unlocks, 1000, scenario =>
        {
            var command = scenario.BuildCommand(_issuerMacs);
            var state = scenario.BuildDevice(_issuerMacs);
            var before = _deviceMacs.HmacCount;

            var verdict = _verifier.Verify(state, command);
            var result = _verifier.SignResult(verdict, state.DeviceId, command, command.MessageId, state.Now);
            var cost = _deviceMacs.HmacCount - before;

            Assert.True(verdict.Accepted);
            Assert.True(cost <= 4, $"accepted unlock cost {cost} HMACs");
            var phone = new HeldKey(command.Token, scenario.HolderSecret(_issuerMacs));
            Assert.Equal(AnswerTrust.Verified, new CommandSigner(_issuerMacs).TrustOf(phone, Samples.DeviceId, command, result));
        });
    }
}
