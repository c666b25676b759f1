using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>
/// docs/protocol.md §4.2, §9.2–§9.3: a phone carries the cloud's newest bulletin and signed time to a
/// device without network. They are applied before the token is verified, only if their MACs verify,
/// and only if they move the device forward.
/// </summary>
public sealed class CarriedUpdateTests
{
    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;

    public CarriedUpdateTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
    }

    [Fact]
    public void A_bulletin_carried_by_the_very_phone_it_revokes_still_takes_effect()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));

        var outcome = phone.Send(bulletin: _cloud.Bulletin(0, 3, new BulletinEntry(Samples.KeyId, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        Assert.Equal(RefusalReason.Revoked, outcome.Reason);
        Assert.Equal(3u, _rig.Reboot().Bulletin.Sequence);
    }

    [Fact]
    public void A_carried_bulletin_reaches_other_keys_too()
    {
        new Phone(_cloud, _rig, _cloud.Token(7)).Send(bulletin: _cloud.Bulletin(0, 3, new BulletinEntry(0xF0F0, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        Assert.Equal(RefusalReason.Frozen, new Phone(_cloud, _rig, _cloud.Token(7, 0xF0F0)).Send().Reason);
    }

    [Fact]
    public void A_carried_bulletin_older_than_the_devices_is_ignored()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 5, new BulletinEntry(Samples.KeyId, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        var outcome = new Phone(_cloud, _rig, _cloud.Token(7)).Send(bulletin: _cloud.Bulletin(0, 4));

        Assert.Equal(RefusalReason.Frozen, outcome.Reason);
        Assert.Equal(5u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void A_carried_bulletin_whose_mac_does_not_verify_is_ignored()
    {
        BulletinMessage forged = _cloud.Bulletin(0, 9, new BulletinEntry(Samples.KeyId, KeyStanding.Frozen, BulletinEntry.NoExpiry));
        forged.Entries = [];

        Assert.True(new Phone(_cloud, _rig, _cloud.Token(7)).Send(bulletin: forged).Accepted);
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void A_carried_bulletin_for_another_device_is_ignored()
    {
        BulletinMessage other = _cloud.BulletinFor(Samples.OtherDeviceId, 0, 9, new BulletinEntry(Samples.KeyId, KeyStanding.Revoked, BulletinEntry.NoExpiry));

        Assert.True(new Phone(_cloud, _rig, _cloud.Token(7)).Send(bulletin: other).Accepted);
    }

    [Fact]
    public void A_carried_signed_time_brings_a_lagging_clock_forward_before_the_token_is_judged()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.NotBefore = Samples.Now + 600));
        Assert.Equal(RefusalReason.NotYetValid, phone.Send().Reason);

        var outcome = phone.Send(time: _cloud.TimeSync(0, Samples.Now + 700));

        Assert.True(outcome.Accepted);
        Assert.Equal(Samples.Now + 700, outcome.Result.DeviceTime);
        Assert.Equal(Samples.Now + 700, _rig.Reboot().Now);
    }

    [Fact]
    public void A_carried_time_earlier_than_the_clock_does_not_turn_it_back()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.NotAfter = Samples.Now + 10));
        _rig.Clock.Advance(20);

        var outcome = phone.Send(time: _cloud.TimeSync(0, Samples.Now));

        Assert.Equal(RefusalReason.Expired, outcome.Reason);
        Assert.Equal(Samples.Now + 20, _rig.State.Now);
    }

    [Fact]
    public void A_carried_time_whose_mac_does_not_verify_is_ignored()
    {
        TimeSyncMessage forged = _cloud.TimeSync(0, Samples.Now + 700);
        forged.Time += 100_000;

        new Phone(_cloud, _rig, _cloud.Token(7)).Send(time: forged);

        Assert.Equal(Samples.Now, _rig.State.Now);
    }

    [Fact]
    public void Attachments_count_even_when_the_command_is_then_refused_too_far()
    {
        _rig.Signal(-90, -90, -90);

        var outcome = new Phone(_cloud, _rig, _cloud.Token(7)).Send(bulletin: _cloud.Bulletin(0, 2), time: _cloud.TimeSync(0, Samples.Now + 50));

        Assert.Equal(RefusalReason.TooFar, outcome.Reason);
        Assert.Equal(2u, _rig.State.Bulletin.Sequence);
        Assert.Equal(Samples.Now + 50, _rig.Reboot().Now);
    }

    [Fact]
    public void Each_applied_attachment_costs_one_hmac_and_an_outdated_one_none()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        phone.ReadChallenge();
        int before = _rig.Macs.HmacCount;
        Assert.True(phone.Answer(phone.LastChallenge!.Nonce, bulletin: _cloud.Bulletin(0, 2), time: _cloud.TimeSync(0, Samples.Now + 5)).Accepted);
        Assert.Equal(6, _rig.Macs.HmacCount - before);

        phone.ReadChallenge();
        before = _rig.Macs.HmacCount;
        Assert.True(phone.Answer(phone.LastChallenge!.Nonce, bulletin: _cloud.Bulletin(0, 2), time: _cloud.TimeSync(0, Samples.Now)).Accepted);
        Assert.Equal(4, _rig.Macs.HmacCount - before);
    }
}
