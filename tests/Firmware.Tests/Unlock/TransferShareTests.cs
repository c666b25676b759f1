using ShareKey.Firmware.Events;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>R2.6: a transfer share revokes its parent on the device the first time it is accepted; a co-use share does not.</summary>
public sealed class TransferShareTests
{
    private const ulong Parent = 0x9A9A;
    private const ulong Share = 0x5A5A;

    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;
    private readonly Phone _sharer;

    public TransferShareTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
        _sharer = new Phone(_cloud, _rig, _cloud.Token(7, Parent));
    }

    [Fact]
    public void The_sharer_opens_until_the_transfer_share_is_used_and_never_after()
    {
        Phone recipient = new(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent));
        Assert.True(_sharer.Send().Accepted);

        Assert.True(recipient.Send().Accepted);

        Assert.Equal(RefusalReason.Revoked, _sharer.Send().Reason);
        Assert.True(recipient.Send().Accepted);
    }

    [Fact]
    public void The_first_acceptance_logs_that_the_parent_handed_its_right_over_once()
    {
        Phone recipient = new(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent));

        Assert.True(recipient.Send().Accepted);
        Assert.True(recipient.Send().Accepted);

        EventRecord[] logged = _rig.Events.Newest(EventLog.Capacity);
        Assert.Equal([EventKind.Unlocked, EventKind.Transferred, EventKind.Unlocked], logged.Select(e => e.Kind));
        Assert.Equal(Share, logged[1].KeyId);
    }

    [Fact]
    public void A_refused_transfer_share_logs_no_transfer()
    {
        new Phone(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent, t => t.NotBefore = Samples.Now + 100)).Send();
        new Phone(_cloud, _rig, ShareToken(TokenFlags.None)).Send();

        Assert.DoesNotContain(_rig.Events.Newest(EventLog.Capacity), e => e.Kind == EventKind.Transferred);
    }

    [Fact]
    public void The_parent_stays_revoked_after_a_reboot()
    {
        new Phone(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent)).Send();

        _rig.Reboot();
        _rig.Signal(-50, -50, -50);

        Assert.Equal(KeyStanding.Transferred, _rig.State.StandingOf(Parent));
        Assert.Equal(RefusalReason.Revoked, _sharer.Send().Reason);
    }

    [Fact]
    public void A_refused_transfer_share_does_not_revoke_the_parent()
    {
        Phone recipient = new(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent, t => t.NotBefore = Samples.Now + 100));

        Assert.Equal(RefusalReason.NotYetValid, recipient.Send().Reason);

        Assert.True(_sharer.Send().Accepted);
    }

    [Fact]
    public void A_transfer_share_used_only_to_lock_still_takes_over()
    {
        new Phone(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent)).Send(CommandCode.Lock);

        Assert.Equal(RefusalReason.Revoked, _sharer.Send().Reason);
    }

    [Fact]
    public void A_transfer_share_is_still_void_once_the_cloud_revokes_its_parent()
    {
        Phone recipient = new(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent));
        Assert.True(recipient.Send().Accepted);

        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, new BulletinEntry(Parent, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        Assert.Equal(RefusalReason.ParentRevoked, recipient.Send().Reason);
    }

    [Fact]
    public void A_transfer_share_of_a_parent_a_rotate_revoked_is_parent_revoked()
    {
        _rig.Downlink.Handle(_cloud.Rotate(3, 8, Parent));

        Assert.Equal(RefusalReason.ParentRevoked, new Phone(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent)).Send().Reason);
    }

    [Fact]
    public void A_co_use_share_of_a_parent_that_transferred_its_right_is_void()
    {
        new Phone(_cloud, _rig, ShareToken(TokenFlags.TransferFromParent)).Send();

        Phone coUser = new(_cloud, _rig, _cloud.Token(7, 0x6B6B, t => t.ParentKeyId = Parent));

        Assert.Equal(RefusalReason.ParentRevoked, coUser.Send().Reason);
    }

    [Fact]
    public void A_co_use_share_leaves_the_sharer_working()
    {
        Assert.True(new Phone(_cloud, _rig, ShareToken(TokenFlags.None)).Send().Accepted);

        Assert.True(_sharer.Send().Accepted);
    }

    private KeyToken ShareToken(TokenFlags flags, Action<KeyToken>? tweak = null) =>
        _cloud.Token(7, Share, t =>
        {
            t.ParentKeyId = Parent;
            t.Flags = flags;
            t.HolderId = 0x5553455200000002;
            tweak?.Invoke(t);
        });
}
