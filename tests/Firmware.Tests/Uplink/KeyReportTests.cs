using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Uplink;

/// <summary>R1.4: the device reports its keys on every connect and whenever they change, never while offline.</summary>
public sealed class KeyReportTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Every_connect_sends_a_key_report()
    {
        LinkRig rig = new(_cloud);

        rig.Link.Connected();
        rig.Link.Disconnected();
        rig.Link.Connected();

        List<KeyReportMessage> reports = rig.Uplink.OfType<KeyReportMessage>();
        Assert.Equal(2, reports.Count);
        Assert.Equal(7u, reports[0].ActiveEpoch);
        Assert.Equal(Samples.Now, reports[0].DeviceTime);
    }

    [Fact]
    public void Applied_rotations_commits_and_bulletins_send_a_report()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        rig.Uplink.Clear();

        Receive(rig, _cloud.Rotate(10, 8));
        Receive(rig, _cloud.Commit(11, 8));
        Receive(rig, _cloud.Bulletin(12, 1, new BulletinEntry(9, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        List<KeyReportMessage> reports = rig.Uplink.OfType<KeyReportMessage>();
        Assert.Equal(3, reports.Count);
        Assert.Equal((8u, 7u), (reports[0].ActiveEpoch, reports[0].BackupEpoch));
        Assert.Equal(0u, reports[1].BackupEpoch);
        Assert.Equal(1u, reports[2].BulletinSequence);
    }

    [Fact]
    public void A_refused_message_or_a_time_sync_sends_no_report()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        rig.Uplink.Clear();

        Receive(rig, _cloud.Commit(10, 99));
        Receive(rig, _cloud.TimeSync(11, Samples.Now + 10));

        Assert.Empty(rig.Uplink.OfType<KeyReportMessage>());
    }

    [Fact]
    public void A_change_while_offline_is_reported_on_the_next_connect_only()
    {
        LinkRig rig = new(_cloud);
        rig.Uplink.Online = false;

        rig.Link.KeysChanged();
        Assert.Empty(rig.Uplink.Sent);

        rig.Uplink.Online = true;
        rig.Link.Connected();

        Assert.Single(rig.Uplink.OfType<KeyReportMessage>());
    }

    [Fact]
    public void The_report_carries_use_counts_and_recent_events()
    {
        LinkRig rig = new(_cloud);
        Phone phone = new(_cloud, rig.Device, _cloud.Token(7, tweak: t => t.MaxUses = 5));
        Assert.True(phone.Send().Accepted);

        rig.Link.Connected();

        KeyReportMessage report = Assert.Single(rig.Uplink.OfType<KeyReportMessage>());
        KeyUse use = Assert.Single(report.Uses);
        Assert.Equal((Samples.KeyId, 1), (use.KeyId, (int)use.Uses));
        Assert.Equal(EventKind.Unlocked, Assert.Single(report.RecentEvents).Kind);
    }

    private static void Receive(LinkRig rig, Message message)
    {
        byte[] frame = new TestCloud().Down(message);
        rig.Link.Receive(frame, 0, frame.Length);
    }
}
