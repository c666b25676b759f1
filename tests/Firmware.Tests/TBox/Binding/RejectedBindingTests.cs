using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Binding;

/// <summary>
/// A rejected binding keeps the flag and its reason, and the T-BOX asks again only after a fresh
/// VIN read: after the rejection pause, or at the next boot.
/// </summary>
public sealed class RejectedBindingTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_rejection_keeps_the_flag_records_the_reason_and_stops_the_requests()
    {
        TBoxRig rig = Rejected();

        Assert.True(rig.Controller.Status().BindPending);
        Assert.Equal(BindPhase.Rejected, rig.Controller.Status().BindPhase);
        Assert.Equal((byte)IdentityProblem.VinInUse, rig.Controller.Status().BindRejectedReason);
        rig.Uplink.Clear();
        rig.Advance(VinBinding.RejectedPauseSeconds - 1);
        Assert.Empty(rig.Uplink.OfType<BindRequestMessage>());
    }

    [Fact]
    public void After_the_pause_the_vin_is_read_again_and_sent_again()
    {
        TBoxRig rig = Rejected();
        int reads = rig.Bus.VinReads;
        rig.Uplink.Clear();

        rig.Advance(VinBinding.RejectedPauseSeconds);

        Assert.Equal(reads + 1, rig.Bus.VinReads);
        Assert.Single(rig.Uplink.OfType<BindRequestMessage>());
    }

    [Fact]
    public void The_next_boot_reads_the_vin_and_asks_again()
    {
        TBoxRig rig = Rejected();

        rig.Reboot();
        rig.Uplink.Clear();
        rig.Controller.MqttConnected();

        Assert.Equal((byte)IdentityProblem.VinInUse, rig.Controller.Status().BindRejectedReason);
        Assert.Single(rig.Uplink.OfType<BindRequestMessage>());
    }

    [Fact]
    public void A_later_success_clears_the_recorded_rejection()
    {
        TBoxRig rig = Rejected();
        rig.Advance(VinBinding.RejectedPauseSeconds);

        rig.Deliver(new BindResultMessage { MessageId = 2, Outcome = BindOutcome.Rebound, Vin = FakeVehicleBus.GoodVin });

        Assert.False(rig.Controller.Status().BindPending);
        Assert.Equal(0, rig.Controller.Status().BindRejectedReason);
    }

    private TBoxRig Rejected()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        AckMessage ack = rig.Deliver(new BindResultMessage
        {
            MessageId = 1,
            Outcome = BindOutcome.Rejected,
            Reason = (byte)IdentityProblem.VinInUse,
            Vin = FakeVehicleBus.GoodVin,
        });
        Assert.Equal(AckStatus.Applied, ack.Status);
        return rig;
    }
}
