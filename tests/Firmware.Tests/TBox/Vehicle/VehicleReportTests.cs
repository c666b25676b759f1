using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>
/// R3.2: the T-BOX reports what it reads from the vehicle — on connect, when the charge, the cable,
/// the ignition, moving-or-not or the remote lock change, and every minute otherwise; speed alone
/// is no reason; offline nothing is queued and the state goes up on the next connect; a ReportRequest
/// from the cloud makes one go up at once.
/// </summary>
public sealed class VehicleReportTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_report_goes_up_on_connect_with_what_the_bus_says()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Bus.Vehicle!.StateOfCharge = 42;
        rig.Bus.Vehicle.Cable = ChargingCable.Charging;

        rig.Controller.MqttConnected();
        rig.Advance(1);

        VehicleReportMessage report = Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
        Assert.Equal(42, report.StateOfCharge);
        Assert.Equal(ChargingCable.Charging, report.Cable);
        Assert.Equal(0, report.SpeedKmh);
        Assert.Equal(0, report.Ignition);
        Assert.Equal(RemoteLockState.Released, report.RemoteLock);
        Assert.Equal(0, report.Outputs);
        Assert.Equal(Samples.Now + 1, report.DeviceTime);
    }

    [Fact]
    public void Changes_the_owner_acts_on_are_reported_at_once_and_speed_alone_is_not()
    {
        TBoxRig rig = Reported();

        rig.Bus.Vehicle!.SpeedKmh = 0;
        rig.Advance(1);
        Assert.Empty(rig.Uplink.OfType<VehicleReportMessage>());

        rig.Bus.Vehicle.StateOfCharge = 79;
        rig.Advance(1);
        Assert.Equal(79, Assert.Single(rig.Uplink.OfType<VehicleReportMessage>()).StateOfCharge);

        rig.Uplink.Clear();
        rig.Bus.Vehicle.SpeedKmh = 30;
        rig.Bus.Vehicle.Ignition = 1;
        rig.Advance(1);
        rig.Bus.Vehicle.SpeedKmh = 60;
        rig.Advance(1);
        Assert.Equal(30, Assert.Single(rig.Uplink.OfType<VehicleReportMessage>()).SpeedKmh);

        rig.Uplink.Clear();
        rig.Bus.Vehicle.Cable = ChargingCable.Plugged;
        rig.Advance(1);
        Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
    }

    [Fact]
    public void An_unchanged_car_is_reported_once_a_minute()
    {
        TBoxRig rig = Reported();

        rig.Advance(VehicleReporter.PeriodSeconds - 2);
        Assert.Empty(rig.Uplink.OfType<VehicleReportMessage>());
        rig.Advance(2);

        Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
    }

    [Fact]
    public void The_remote_lock_and_its_outputs_are_in_the_report()
    {
        TBoxRig rig = Reported();

        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));
        rig.Advance(1);

        VehicleReportMessage report = Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
        Assert.Equal(RemoteLockState.Engaged, report.RemoteLock);
        Assert.Equal(VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag, report.Outputs);
        Assert.Equal(10u, report.LockMessageId);
    }

    [Fact]
    public void Offline_nothing_is_queued_and_the_next_connect_reports_the_state_then()
    {
        TBoxRig rig = Reported();
        rig.Controller.MqttDisconnected();

        rig.Bus.Vehicle!.StateOfCharge = 12;
        rig.Advance(1);
        rig.Bus.Vehicle.StateOfCharge = 11;
        rig.Advance(1);
        Assert.Empty(rig.Uplink.OfType<VehicleReportMessage>());

        rig.Controller.MqttConnected();
        rig.Advance(1);
        Assert.Equal(11, Assert.Single(rig.Uplink.OfType<VehicleReportMessage>()).StateOfCharge);
    }

    [Fact]
    public void A_silent_bus_is_reported_as_unknown()
    {
        TBoxRig rig = Reported();
        rig.Bus.Vehicle = null;

        rig.Advance(1);

        VehicleReportMessage report = Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
        Assert.Equal(VehicleReportMessage.Unknown, report.StateOfCharge);
        Assert.Equal(ChargingCable.Unknown, report.Cable);
        Assert.Equal(VehicleReportMessage.UnknownSpeed, report.SpeedKmh);
        Assert.Equal(VehicleReportMessage.Unknown, report.Ignition);
    }

    [Fact]
    public void A_report_request_sends_the_report_at_the_next_tick_and_a_replayed_one_nothing_more()
    {
        TBoxRig rig = Reported();
        rig.Bus.Vehicle!.SpeedKmh = 20;

        AckMessage ack = rig.Deliver(new ReportRequestMessage { MessageId = 502 });
        rig.Advance(1);
        AckMessage again = rig.Deliver(new ReportRequestMessage { MessageId = 502 });
        rig.Advance(1);

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(AckStatus.Applied, again.Status);
        Assert.Equal(20, Assert.Single(rig.Uplink.OfType<VehicleReportMessage>()).SpeedKmh);
    }

    /// <summary>A provisioned car whose first report went up; the uplink record is cleared.</summary>
    private static TBoxRig Reported()
    {
        TBoxRig rig = TBoxRig.Provisioned(new TestCloud());
        rig.Advance(1);
        Assert.Single(rig.Uplink.OfType<VehicleReportMessage>());
        rig.Uplink.Clear();
        return rig;
    }
}
