using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Sensing;

/// <summary>The battery level from ADC readings: linear between empty and full, averaged, a low-battery event below 20 % once per discharge.</summary>
public sealed class BatteryTests
{
    [Theory]
    [InlineData(5000, 0)]
    [InlineData(6000, 0)]
    [InlineData(7200, 50)]
    [InlineData(8400, 100)]
    [InlineData(9000, 100)]
    public void The_level_is_linear_between_the_empty_and_full_voltages(int millivolts, int percent)
    {
        BatteryMonitor battery = new(new LockSettings());
        battery.Add(millivolts);

        Assert.Equal(percent, battery.Percent);
    }

    [Fact]
    public void One_noisy_conversion_is_averaged_out()
    {
        BatteryMonitor battery = new(new LockSettings());
        for (int i = 0; i < BatteryMonitor.Samples; i++)
        {
            battery.Add(7200);
        }

        Assert.False(battery.Add(6000));
        Assert.Equal(37, battery.Percent);
    }

    [Fact]
    public void Low_is_reported_once_below_20_percent_and_again_only_after_a_recharge()
    {
        BatteryMonitor battery = new(new LockSettings());
        int lows = 0;
        foreach (int mv in Enumerable.Repeat(6400, 8).Concat(Enumerable.Repeat(6000, 8)).Concat(Enumerable.Repeat(6500, 8)).Concat(Enumerable.Repeat(8000, 8)).Concat(Enumerable.Repeat(6200, 8)))
        {
            lows += battery.Add(mv) ? 1 : 0;
        }

        Assert.Equal(2, lows);
    }

    [Fact]
    public void The_controller_logs_a_low_battery_event_with_the_level()
    {
        TestCloud cloud = new();
        LockRig rig = LockRig.Provisioned(cloud);

        rig.Controller.BatteryMeasured(6400);
        rig.Controller.BatteryMeasured(6400);
        rig.Run(200);

        Assert.Equal(16, Assert.Single(rig.EventsOf(EventKind.LowBattery)).Value);
        Assert.Equal(16, rig.Controller.Status().BatteryPercent);
    }
}
