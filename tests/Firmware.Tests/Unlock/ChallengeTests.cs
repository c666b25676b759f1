using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>docs/protocol.md §4.1, §9.1: what a Challenge says, and that each admits exactly one Command.</summary>
public sealed class ChallengeTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_board_without_an_epoch_key_issues_no_challenge()
    {
        DeviceRig rig = new();

        Assert.Null(rig.Session.IssueChallengeFrame());
    }

    [Fact]
    public void A_challenge_tells_the_phone_the_device_its_epochs_time_and_bulletin()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        rig.Downlink.Handle(_cloud.Rotate(3, 8));
        rig.Downlink.Handle(_cloud.Bulletin(4, 5));
        rig.Clock.Advance(9);

        ChallengeMessage challenge = new Phone(_cloud, rig, _cloud.Token(7)).ReadChallenge();

        Assert.Equal(Samples.DeviceId, challenge.DeviceId);
        Assert.Equal(8u, challenge.ActiveEpoch);
        Assert.Equal(7u, challenge.BackupEpoch);
        Assert.Equal(Samples.Now + 9, challenge.DeviceTime);
        Assert.Equal(5u, challenge.BulletinSequence);
        Assert.Equal(16, challenge.Nonce.Length);
    }

    [Fact]
    public void Each_challenge_has_a_new_nonce_and_a_new_message_id()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7));

        ChallengeMessage first = phone.ReadChallenge();
        ChallengeMessage second = phone.ReadChallenge();

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.MessageId, second.MessageId);
    }

    [Fact]
    public void A_challenge_admits_one_command_even_when_that_one_is_accepted()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7));
        byte[] nonce = phone.ReadChallenge().Nonce;

        Assert.True(phone.Answer(nonce).Accepted);

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void A_refused_command_also_uses_up_its_challenge()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7, tweak: t => t.Permissions = 0));
        byte[] nonce = phone.ReadChallenge().Nonce;
        Assert.Equal(RefusalReason.NotPermitted, phone.Answer(nonce).Reason);

        phone.Token = _cloud.Token(7);

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void A_command_that_stops_before_the_nonce_check_still_voids_the_challenge()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7, tweak: t => t.DeviceId = Samples.OtherDeviceId));
        byte[] nonce = phone.ReadChallenge().Nonce;
        Assert.Equal(RefusalReason.WrongDevice, phone.Answer(nonce).Reason);

        phone.Token = _cloud.Token(7);

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void The_nonce_of_an_earlier_challenge_is_stale()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7));
        byte[] earlier = phone.ReadChallenge().Nonce;
        phone.ReadChallenge();

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(earlier).Reason);
    }

    [Fact]
    public void A_new_connection_voids_the_outstanding_challenge()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7));
        byte[] nonce = phone.ReadChallenge().Nonce;

        rig.Session.Reset();
        rig.Signal(-50, -50, -50);

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void A_command_with_no_challenge_issued_is_stale()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);

        Assert.Equal(RefusalReason.StaleNonce, new Phone(_cloud, rig, _cloud.Token(7)).Answer(new byte[16]).Reason);
    }
}
