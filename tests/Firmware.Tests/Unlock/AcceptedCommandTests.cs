using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>An accepted Command: a signed Result the phone can trust, the event, the saved use, four HMACs.</summary>
public sealed class AcceptedCommandTests
{
    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;

    public AcceptedCommandTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
    }

    [Fact]
    public void An_unlock_is_accepted_with_a_result_signed_under_the_holder_secret()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));

        var outcome = phone.Send();

        Assert.True(outcome.Accepted);
        Assert.Equal(CommandCode.Unlock, outcome.Command);
        Assert.Equal(42u, outcome.Result.MessageId);
        Assert.Equal(ResultMessage.UnlimitedUses, outcome.Result.RemainingUses);
        Assert.Equal(Samples.Now, outcome.Result.DeviceTime);
        Assert.True(phone.TrustsResult(outcome));
    }

    [Theory]
    [InlineData(CommandCode.Unlock, EventKind.Unlocked)]
    [InlineData(CommandCode.Lock, EventKind.Locked)]
    [InlineData(CommandCode.Start, EventKind.Started)]
    public void Each_accepted_command_is_logged_with_its_key_and_code(CommandCode code, EventKind kind)
    {
        var outcome = new Phone(_cloud, _rig, _cloud.Token(7)).Send(code);

        Assert.True(outcome.Accepted);
        EventRecord logged = Assert.Single(_rig.Events.Newest(16));
        Assert.Equal(logged.ToString(), outcome.Event!.ToString());
        Assert.Equal(kind, logged.Kind);
        Assert.Equal(Samples.KeyId, logged.KeyId);
        Assert.Equal((byte)code, logged.Detail);
        Assert.Equal(Samples.Now, logged.Time);
    }

    [Fact]
    public void A_limited_key_reports_the_uses_left_and_the_count_is_on_flash_before_the_result()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.MaxUses = 3));

        var outcome = phone.Send();

        Assert.Equal((ushort)2, outcome.Result.RemainingUses);
        Assert.Equal(1, _rig.Reboot().UsesOf(Samples.KeyId));
    }

    [Fact]
    public void A_lock_is_not_counted_as_a_use()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.MaxUses = 3));

        var outcome = phone.Send(CommandCode.Lock);

        Assert.True(outcome.Accepted);
        Assert.Equal((ushort)3, outcome.Result.RemainingUses);
        Assert.Equal(0, _rig.State.UsesOf(Samples.KeyId));
    }

    [Fact]
    public void A_token_of_the_backup_epoch_still_opens_until_the_commit()
    {
        _rig.Downlink.Handle(_cloud.Rotate(3, 8));
        Phone oldRenter = new(_cloud, _rig, _cloud.Token(7));

        Assert.True(oldRenter.Send().Accepted);
        _rig.Downlink.Handle(_cloud.Commit(4, 8));
        Assert.Equal(RefusalReason.UnknownEpoch, oldRenter.Send().Reason);
        Assert.True(new Phone(_cloud, _rig, _cloud.Token(8)).Send().Accepted);
    }

    [Fact]
    public void An_accepted_unlock_costs_four_hmacs()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        byte[] frame = _cloud.Frame(_cloud.Command(phone.Token, phone.ReadChallenge().Nonce));
        int before = _rig.Macs.HmacCount;

        Assert.True(phone.Write(frame).Accepted);

        Assert.Equal(4, _rig.Macs.HmacCount - before);
    }

    [Fact]
    public void The_result_frame_is_a_ble_result_frame_echoing_the_command_id()
    {
        var outcome = new Phone(_cloud, _rig, _cloud.Token(7)).Send();

        Assert.Equal(1, outcome.ResultFrame[0]);
        Assert.Equal((byte)MessageType.Result, outcome.ResultFrame[1]);
        Assert.Equal([0, 0, 0, 42], outcome.ResultFrame[2..6]);
    }
}
