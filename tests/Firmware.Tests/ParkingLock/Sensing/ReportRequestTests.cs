using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Sensing;

/// <summary>
/// A ReportRequest (docs/protocol.md §4.16): the lock reports occupancy (detail 2) and battery at
/// once instead of at its next heartbeat; a replayed copy reports nothing twice. (The T-BOX's answer,
/// a VehicleReport, is in TBox/Vehicle/VehicleReportTests.)
/// </summary>
public sealed class ReportRequestTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void The_lock_reports_occupancy_and_battery_now_and_once_per_request()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Controller.BatteryMeasured(8000);
        rig.Space.CarPresent = true;
        rig.Run(6000);
        int before = rig.EventsOf(EventKind.Occupancy).Count;

        AckMessage ack = rig.Deliver(new ReportRequestMessage { MessageId = 500 });
        rig.Run(500);
        AckMessage again = rig.Deliver(new ReportRequestMessage { MessageId = 500 });
        rig.Run(500);

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(AckStatus.Applied, again.Status);
        EventRecord asked = Assert.Single(rig.EventsOf(EventKind.Occupancy).Skip(before));
        Assert.Equal(2, asked.Detail);
        Assert.Equal(1, asked.Value);
        Assert.Equal(83, Assert.Single(rig.EventsOf(EventKind.StateOfCharge)).Value);
    }
}
