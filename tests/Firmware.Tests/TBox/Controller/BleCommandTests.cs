using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.TBox.Controller;

/// <summary>BLE commands through the controller: accepted ones switch the relays and go up as events and a KeyReport; refused ones switch nothing.</summary>
public sealed class BleCommandTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(CommandCode.Unlock, "doors unlocked")]
    [InlineData(CommandCode.Lock, "doors locked")]
    [InlineData(CommandCode.Start, "immobiliser released")]
    public void An_accepted_command_switches_its_relay(CommandCode code, string expected)
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Relays.Switches.Clear();

        Assert.True(new TBoxPhone(_cloud, rig, _cloud.Token(7)).Send(code).Accepted);

        Assert.Equal(expected, Assert.Single(rig.Relays.Switches));
    }

    [Fact]
    public void An_accepted_unlock_reports_its_use_and_its_event()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        new TBoxPhone(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 3)).Send();

        KeyReportMessage report = Assert.Single(rig.Uplink.OfType<KeyReportMessage>());
        Assert.Equal(1, Assert.Single(report.Uses).Uses);
        Assert.Equal(EventKind.Unlocked, Assert.Single(rig.Uplink.OfType<EventMessage>()).Events.Single().Kind);
    }

    [Fact]
    public void A_refused_command_switches_nothing_and_its_event_goes_up()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Relays.Switches.Clear();

        Assert.Equal(RefusalReason.UnknownEpoch, new TBoxPhone(_cloud, rig, _cloud.Token(6)).Send().Reason);

        Assert.Empty(rig.Relays.Switches);
        Assert.Empty(rig.Uplink.OfType<KeyReportMessage>());
        Assert.Equal(EventKind.Refused, Assert.Single(rig.Uplink.OfType<EventMessage>()).Events.Single().Kind);
    }

    [Fact]
    public void A_phone_below_the_configured_threshold_is_too_far()
    {
        TBoxRig rig = new(_cloud, SampleConfig.TBox("unlock.rssi-threshold=-60"));
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        rig.Deliver(_cloud.Rotate(1, 7));
        rig.Deliver(_cloud.TimeSync(2, Samples.Now));

        Assert.Equal(RefusalReason.TooFar, new TBoxPhone(_cloud, rig, _cloud.Token(7), rssiDbm: -61).Send().Reason);
        Assert.True(new TBoxPhone(_cloud, rig, _cloud.Token(7), rssiDbm: -60).Send().Accepted);
    }

    [Fact]
    public void On_a_radio_without_connection_rssi_the_gate_is_off_and_the_boot_log_says_so()
    {
        TBoxRig rig = new(_cloud, SampleConfig.TBox("unlock.rssi-threshold=-60"), connectionRssiUnavailable: true);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        rig.Deliver(_cloud.Rotate(1, 7));
        rig.Deliver(_cloud.TimeSync(2, Samples.Now));

        Assert.True(rig.Log.Contains("proximity gate off"));
        Assert.True(new TBoxPhone(_cloud, rig, _cloud.Token(7), rssiDbm: -100).Send().Accepted);
        Assert.Equal(RefusalReason.UnknownEpoch, new TBoxPhone(_cloud, rig, _cloud.Token(6), rssiDbm: -100).Send().Reason);
    }

    [Fact]
    public void A_board_with_no_epoch_key_offers_no_challenge()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();

        Assert.Null(rig.Controller.BleConnected());
        Assert.Null(rig.Controller.ReadChallenge());
    }
}
