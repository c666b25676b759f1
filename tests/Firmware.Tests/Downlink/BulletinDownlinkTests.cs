using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>docs/protocol.md §4.5 over MQTT: a bulletin is applied only if it is for this device, newer, and its MAC verifies.</summary>
public sealed class BulletinDownlinkTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    public BulletinDownlinkTests()
    {
        // Revocations matter only to a device holding an epoch up to theirs.
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
    }

    [Fact]
    public void A_newer_bulletin_is_applied_and_saved()
    {
        AckMessage ack = _rig.Downlink.Handle(_cloud.Bulletin(11, 4, new BulletinEntry(0xA1, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(KeyStanding.Frozen, _rig.Reboot().StandingOf(0xA1));
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(2u)]
    public void A_bulletin_not_newer_is_refused_and_changes_nothing(uint sequence)
    {
        _rig.Downlink.Handle(_cloud.Bulletin(11, 4, new BulletinEntry(0xA1, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        AckMessage ack = _rig.Downlink.Handle(_cloud.Bulletin(12, sequence));

        Assert.Equal(AckStatus.Refused, ack.Status);
        Assert.Equal(4u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xA1));
    }

    [Fact]
    public void A_bulletin_whose_mac_does_not_verify_is_refused()
    {
        BulletinMessage bulletin = _cloud.Bulletin(11, 4, new BulletinEntry(0xA1, KeyStanding.Revoked, BulletinEntry.NoExpiry));
        bulletin.Entries = [];

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(bulletin).Status);
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void A_bulletin_for_another_device_is_refused()
    {
        BulletinMessage bulletin = _cloud.BulletinFor(Samples.OtherDeviceId, 11, 4, new BulletinEntry(0xA1, KeyStanding.Revoked, BulletinEntry.NoExpiry));

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(bulletin).Status);
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0xA1));
    }
}
