using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>docs/protocol.md §4.6, §9.2: a signed time moves the clock forward only.</summary>
public sealed class TimeSyncDownlinkTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_later_signed_time_moves_the_clock_and_is_saved()
    {
        AckMessage ack = _rig.Downlink.Handle(_cloud.TimeSync(1, Samples.Now));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(Samples.Now, _rig.State.Now);
        Assert.Equal(Samples.Now, _rig.Reboot().Now);
    }

    [Fact]
    public void An_earlier_signed_time_is_refused_and_the_clock_keeps_going()
    {
        _rig.Downlink.Handle(_cloud.TimeSync(1, Samples.Now));
        _rig.Clock.Advance(60);

        AckMessage ack = _rig.Downlink.Handle(_cloud.TimeSync(2, Samples.Now + 30));

        Assert.Equal(AckStatus.Refused, ack.Status);
        Assert.Equal(Samples.Now + 60, _rig.State.Now);
    }

    [Fact]
    public void A_time_whose_mac_does_not_verify_is_refused()
    {
        TimeSyncMessage time = _cloud.TimeSync(1, Samples.Now);
        time.Time += 3600;

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(time).Status);
        Assert.Equal(0u, _rig.State.Now);
    }

    [Fact]
    public void A_time_signed_for_another_device_is_refused()
    {
        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.TimeSyncFor(Samples.OtherDeviceId, 1, Samples.Now)).Status);
        Assert.Equal(0u, _rig.State.Now);
    }
}
