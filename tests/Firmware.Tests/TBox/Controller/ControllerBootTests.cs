using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Controller;

/// <summary>What the controller keeps across reboots, and what it refuses to start with.</summary>
public sealed class ControllerBootTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Uplink_ids_never_repeat_across_reboots()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        for (int boot = 0; boot < 5; boot++)
        {
            rig.Reboot();
            rig.Controller.MqttConnected();
            rig.Deliver(_cloud.TimeSync((uint)(10 + boot), Samples.Now + (uint)boot + 1));
        }

        List<uint> ids = rig.Uplink.Sent.Select(m => m.MessageId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Keys_and_use_counts_survive_a_reboot()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        Protocol.Tokens.KeyToken token = _cloud.Token(7, tweak: t => t.MaxUses = 2);
        Assert.True(new TBoxPhone(_cloud, rig, token).Send().Accepted);

        rig.Reboot();

        Assert.Equal(7u, rig.Controller.Status().ActiveEpoch);
        Assert.Equal(1, rig.Controller.Status().Uses.Single().Uses);
        Assert.True(new TBoxPhone(_cloud, rig, token).Send().Accepted);
        Assert.Equal(Protocol.Verification.RefusalReason.UsesExhausted, new TBoxPhone(_cloud, rig, token).Send().Reason);
    }

    [Fact]
    public void The_clock_is_checkpointed_on_tick()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Advance(TBoxController.CheckpointSeconds);

        rig.Reboot();

        Assert.Equal(Samples.Now + TBoxController.CheckpointSeconds, rig.Controller.Status().DeviceTime);
    }

    [Fact]
    public void A_parking_lock_file_does_not_boot_a_t_box()
    {
        BoardConfig config = SampleConfig.Parse(SampleConfig.Text(kind: "parking-lock"));

        BoardConfigException e = Assert.Throws<BoardConfigException>(() => new TBoxRig(_cloud, config));

        Assert.Equal("device.kind", e.Key);
    }

    [Fact]
    public void Status_reports_online_and_queued_events()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(new RemoteLockMessage { MessageId = 10, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.Doors });

        Assert.True(rig.Controller.Status().Online);
        Assert.Equal(1, rig.Controller.Status().EventsQueued);
        rig.ReceiptAll();
        Assert.Equal(0, rig.Controller.Status().EventsQueued);
        rig.Controller.MqttDisconnected();
        Assert.False(rig.Controller.Status().Online);
    }
}
