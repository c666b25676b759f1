using FsCheck.Fluent;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Sensing;

/// <summary>
/// Occupancy through the controller on noisy traces: an arrival reported within 5 s, a departure
/// within 3 s (R2.9), each change logged once as an event; heartbeats only while online.
/// </summary>
public sealed class OccupancyReportTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Arrivals_are_reported_within_5_s_and_departures_within_3_s_on_noisy_traces()
    {
        PropertyCheck.ForAll(NoisyTrace.Traces(0.25).Resize(30), 40, trace =>
        {
            LockRig rig = LockRig.Provisioned(_cloud);
            rig.Space.Noise = (n, _) => n < trace.Readings.Length ? trace.Readings[n] : trace.Readings[^1];
            long start = rig.Space.Samples;
            rig.Space.Noise = (n, _) => n - start < trace.Readings.Length ? trace.Readings[n - start] : (trace.Truth[^1] ? ParkingSpace.CarMm : 0);
            Occupancy shown = rig.Controller.Status().Occupancy;
            int interval = rig.Settings.SampleIntervalMs;
            foreach (int change in trace.Changes().Prepend(0))
            {
                Occupancy truth = trace.Truth[change] ? Occupancy.Occupied : Occupancy.Free;
                if (change == 0 && truth == shown)
                {
                    continue;
                }

                long due = start + change;
                rig.RunUntil(() => rig.Space.Samples > due, (change + 2) * interval);
                int took = rig.RunUntil(() => rig.Controller.Status().Occupancy == truth, 6000) + interval;
                Assert.True(took <= (truth == Occupancy.Occupied ? 5000 : 3000), $"{truth} after {took} ms");
                shown = truth;
            }

            List<EventRecord> changes = rig.EventsOf(EventKind.Occupancy).Where(e => e.Detail == 0).ToList();
            Assert.Equal(trace.Changes().Count() + (trace.Truth[0] ? 1 : 0), changes.Count);
        });
    }

    [Fact]
    public void A_change_is_logged_with_the_new_state_even_offline_and_goes_up_at_the_next_connect()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Uplink.Online = false;
        rig.Controller.MqttDisconnected();

        rig.Space.CarPresent = true;
        rig.Run(3000);
        Assert.Empty(rig.EventsUp);

        rig.Uplink.Online = true;
        rig.Controller.MqttConnected();
        rig.Run(500);
        EventRecord arrived = Assert.Single(rig.EventsOf(EventKind.Occupancy));
        Assert.Equal(1, arrived.Value);
        Assert.Equal(0, arrived.Detail);
    }

    [Fact]
    public void A_heartbeat_goes_up_every_interval_while_online_and_none_is_logged_offline()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Controller.BatteryMeasured(8000);

        rig.Run((rig.Settings.HeartbeatSeconds * 1000) + 1000);
        EventRecord beat = Assert.Single(rig.EventsOf(EventKind.Occupancy));
        Assert.Equal(1, beat.Detail);
        Assert.Equal(0, beat.Value);
        Assert.Equal(83, Assert.Single(rig.EventsOf(EventKind.StateOfCharge)).Value);

        rig.Uplink.Online = false;
        rig.Controller.MqttDisconnected();
        rig.Run(3 * rig.Settings.HeartbeatSeconds * 1000);
        Assert.Equal(0, rig.Controller.Status().EventsQueued);
    }
}
