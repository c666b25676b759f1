using ShareKey.Firmware.State;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Verification;

/// <summary>
/// The phone's side against the board's: the real <see cref="CommandSigner"/> answers a challenge,
/// the real <see cref="CommandVerifier"/> judges and signs, and the signer turns the Result into
/// advice — verified, advisory (unsigned) or not the device's word.
/// </summary>
public sealed class CommandSignerTests
{
    private readonly Macs _macs = new(Samples.Crypto);
    private readonly CommandSigner _signer;
    private readonly CommandVerifier _verifier;

    public CommandSignerTests()
    {
        _signer = new CommandSigner(_macs);
        _verifier = new CommandVerifier(_macs);
    }

    [Fact]
    public void A_signed_command_is_accepted_and_the_signed_result_verifies()
    {
        var key = Samples.Held(_macs, Samples.Token(_macs, t => t.MaxUses = 3));

        var (command, advice) = RoundTrip(key, Samples.Device(), CommandCode.Start);

        Assert.Equal(CommandCode.Start, command.Command);
        Assert.Equal(AnswerTrust.Verified, advice.Trust);
        Assert.True(advice.Accepted);
        Assert.False(advice.Advisory);
        Assert.Equal(Actuation.Done, advice.Actuation);
        Assert.Equal(Remedy.None, advice.Remedy);
        Assert.Equal(2, advice.RemainingUses);
    }

    [Fact]
    public void A_refusal_the_device_signed_is_not_advisory_and_says_who_can_help()
    {
        var key = Samples.Held(_macs, Samples.Token(_macs));

        var (_, advice) = RoundTrip(key, Samples.Device().WithStanding(Samples.KeyId, KeyStanding.Revoked));

        Assert.Equal(RefusalReason.Revoked, advice.Reason);
        Assert.Equal(AnswerTrust.Verified, advice.Trust);
        Assert.False(advice.Advisory);
        Assert.Equal(Actuation.NotDone, advice.Actuation);
        Assert.Equal(Remedy.AskOwner, advice.Remedy);
        Assert.False(advice.RetryMayHelp);
    }

    [Fact]
    public void A_refusal_before_the_command_mac_is_unsigned_and_only_advisory()
    {
        var key = Samples.Held(_macs, Samples.Token(_macs));

        var (_, advice) = RoundTrip(key, Samples.DeviceWithoutEpochs());

        Assert.Equal(RefusalReason.UnknownEpoch, advice.Reason);
        Assert.Equal(AnswerTrust.Unsigned, advice.Trust);
        Assert.True(advice.Advisory);
        Assert.False(advice.Accepted);
        Assert.Equal(Actuation.NotDone, advice.Actuation);
        Assert.Equal(Remedy.FetchKey, advice.Remedy);
    }

    [Fact]
    public void A_phone_without_the_holder_secret_is_refused_and_cannot_read_a_signed_answer()
    {
        var token = Samples.Token(_macs);
        var copied = new HeldKey(token, new byte[Macs.SecretLength]);

        var (_, advice) = RoundTrip(copied, Samples.Device());

        Assert.Equal(RefusalReason.BadCommandMac, advice.Reason);
        Assert.Equal(AnswerTrust.Unsigned, advice.Trust);
        Assert.Equal(Remedy.FetchKey, advice.Remedy);
    }

    [Fact]
    public void An_acceptance_with_a_mac_that_does_not_verify_leaves_the_outcome_unknown()
    {
        var key = Samples.Held(_macs, Samples.Token(_macs));
        var command = _signer.Sign(key, Challenge(), CommandCode.Unlock, 5);
        var result = _verifier.SignResult(_verifier.Verify(Samples.Device(), command), Samples.DeviceId, command, command.MessageId, Samples.Now);
        result.Mac[3] ^= 0x10;

        var advice = _signer.Check(key, Samples.DeviceId, command, result);

        Assert.Equal(AnswerTrust.Unverified, advice.Trust);
        Assert.False(advice.Accepted);
        Assert.Equal(Actuation.Unknown, advice.Actuation);
        Assert.Equal(Remedy.CheckAsset, advice.Remedy);
        Assert.True(advice.RetryMayHelp);
    }

    [Theory]
    [InlineData(RefusalReason.Accepted)]
    [InlineData(RefusalReason.Revoked)]
    [InlineData(RefusalReason.Expired)]
    public void An_unsigned_answer_of_a_kind_the_device_always_signs_is_not_its_word(RefusalReason status)
    {
        var key = Samples.Held(_macs, Samples.Token(_macs));
        var command = _signer.Sign(key, Challenge(), CommandCode.Unlock, 5);
        var forged = new ResultMessage { MessageId = 5, Status = status, Command = CommandCode.Unlock, Mac = new byte[Macs.MacLength] };

        var advice = _signer.Check(key, Samples.DeviceId, command, forged);

        Assert.Equal(AnswerTrust.Unverified, advice.Trust);
        Assert.Equal(Actuation.Unknown, advice.Actuation);
    }

    [Fact]
    public void A_genuine_answer_to_another_command_does_not_count_for_this_one()
    {
        var key = Samples.Held(_macs, Samples.Token(_macs));
        var command = _signer.Sign(key, Challenge(), CommandCode.Unlock, 5);
        var earlier = _signer.Sign(key, Challenge(), CommandCode.Unlock, 4);
        var replayed = _verifier.SignResult(_verifier.Verify(Samples.Device(), earlier), Samples.DeviceId, earlier, earlier.MessageId, Samples.Now);

        Assert.Equal(AnswerTrust.Verified, _signer.TrustOf(key, Samples.DeviceId, earlier, replayed));
        Assert.Equal(AnswerTrust.Unverified, _signer.TrustOf(key, Samples.DeviceId, command, replayed));
    }

    [Fact]
    public void No_answer_after_the_write_means_the_asset_may_have_moved()
    {
        var advice = CommandAdvice.NoAnswer(CommandCode.Unlock);

        Assert.Equal(AnswerTrust.NoAnswer, advice.Trust);
        Assert.Equal(Actuation.Unknown, advice.Actuation);
        Assert.True(advice.Advisory);
        Assert.True(advice.RetryMayHelp);
    }

    [Fact]
    public void What_the_phone_holds_goes_along_whatever_the_unauthenticated_challenge_says()
    {
        var key = WithAttachments(bulletinSequence: 4, time: Samples.Now + 100);

        var behind = _signer.Sign(key, Challenge(bulletinSequence: 3, deviceTime: Samples.Now), CommandCode.Unlock, 1);
        var claimsCurrent = _signer.Sign(key, Challenge(bulletinSequence: 9, deviceTime: Samples.Now + 900), CommandCode.Unlock, 2);
        var nothingHeld = _signer.Sign(Samples.Held(_macs, Samples.Token(_macs)), Challenge(), CommandCode.Unlock, 3);

        Assert.Same(key.Bulletin, behind.Bulletin);
        Assert.Same(key.Time, behind.Time);
        Assert.Same(key.Bulletin, claimsCurrent.Bulletin);
        Assert.Same(key.Time, claimsCurrent.Time);
        Assert.Null(nothingHeld.Bulletin);
        Assert.Null(nothingHeld.Time);
    }

    [Fact]
    public void A_relay_that_strips_or_swaps_an_attachment_makes_the_command_fail()
    {
        var key = WithAttachments(bulletinSequence: 4, time: Samples.Now + 100);
        var stripped = _signer.Sign(key, Challenge(), CommandCode.Unlock, 1);
        stripped.Bulletin = null;
        var timeless = _signer.Sign(key, Challenge(), CommandCode.Unlock, 2);
        timeless.Time = null;
        var swapped = _signer.Sign(key, Challenge(), CommandCode.Unlock, 3);
        swapped.Bulletin = WithAttachments(bulletinSequence: 3, time: Samples.Now).Bulletin;

        Assert.Equal(RefusalReason.BadCommandMac, _verifier.Verify(Samples.Device(), stripped).Reason);
        Assert.Equal(RefusalReason.BadCommandMac, _verifier.Verify(Samples.Device(), timeless).Reason);
        Assert.Equal(RefusalReason.BadCommandMac, _verifier.Verify(Samples.Device(), swapped).Reason);
        Assert.Equal(RefusalReason.Accepted, _verifier.Verify(Samples.Device(), _signer.Sign(key, Challenge(), CommandCode.Unlock, 4)).Reason);
    }

    [Fact]
    public void Every_refusal_has_a_remedy_and_only_waiting_retrying_and_moving_closer_are_temporary()
    {
        var temporary = new[] { RefusalReason.StaleNonce, RefusalReason.TooFar, RefusalReason.LockedOut, RefusalReason.NotYetValid, RefusalReason.SpaceOccupied };
        foreach (var reason in Enum.GetValues<RefusalReason>().Where(r => r != RefusalReason.Accepted))
        {
            var result = new ResultMessage { Status = reason, Command = CommandCode.Unlock, Mac = new byte[Macs.MacLength] };
            var advice = CommandAdvice.Of(result, AnswerTrust.Verified);

            Assert.NotEqual(Remedy.None, advice.Remedy);
            Assert.Equal(Actuation.NotDone, advice.Actuation);
            Assert.Equal(temporary.Contains(reason), advice.RetryMayHelp);
        }
    }

    [Fact]
    public void Remedies_follow_the_table_of_section_6()
    {
        Assert.Equal(Remedy.PickOtherKey, CommandAdvice.RemedyFor(RefusalReason.WrongDevice));
        Assert.Equal(Remedy.AskSharer, CommandAdvice.RemedyFor(RefusalReason.ParentRevoked));
        Assert.Equal(Remedy.AskManager, CommandAdvice.RemedyFor(RefusalReason.Frozen));
        Assert.Equal(Remedy.NotAllowed, CommandAdvice.RemedyFor(RefusalReason.NotPermitted));
        Assert.Equal(Remedy.AskOwner, CommandAdvice.RemedyFor(RefusalReason.RemoteLocked));
        Assert.Equal(Remedy.Wait, CommandAdvice.RemedyFor(RefusalReason.SpaceOccupied));
        Assert.Equal(Remedy.FetchKey, CommandAdvice.RemedyFor(RefusalReason.UsesExhausted));
        Assert.Equal(Remedy.ReportBug, CommandAdvice.RemedyFor(RefusalReason.Malformed));
        Assert.Equal(Remedy.NotAllowed, CommandAdvice.RemedyFor((RefusalReason)200));
    }

    private (CommandMessage Command, CommandAdvice Advice) RoundTrip(HeldKey key, DeviceKeyState device, CommandCode code = CommandCode.Unlock)
    {
        var command = _signer.Sign(key, Challenge(), code, 11);
        var verdict = _verifier.Verify(device, command);
        var result = _verifier.SignResult(verdict, Samples.DeviceId, command, command.MessageId, Samples.Now);
        return (command, _signer.Check(key, Samples.DeviceId, command, result));
    }

    private static ChallengeMessage Challenge(uint bulletinSequence = 0, uint deviceTime = Samples.Now) => new()
    {
        MessageId = 1,
        DeviceId = Samples.DeviceId,
        Nonce = Samples.Nonce,
        DeviceTime = deviceTime,
        ActiveEpoch = Samples.Epoch,
        BulletinSequence = bulletinSequence,
    };

    private HeldKey WithAttachments(uint bulletinSequence, uint time)
    {
        var secrets = new DeviceSecrets(_macs, Samples.RootKey);
        var bulletin = new BulletinMessage { DeviceId = Samples.DeviceId, Sequence = bulletinSequence, IssuedAt = Samples.Now, Entries = [] };
        bulletin.Mac = _macs.BulletinMac(secrets.BulletinKey, bulletin);
        var signedTime = new TimeSyncMessage { DeviceId = Samples.DeviceId, Time = time, Mac = _macs.TimeMac(secrets.TimeKey, Samples.DeviceId, time) };
        return new HeldKey(Samples.Token(_macs), _macs.HolderSecret(Samples.EpochKey, Samples.DeviceId, Samples.KeyId)) { Bulletin = bulletin, Time = signedTime };
    }
}
