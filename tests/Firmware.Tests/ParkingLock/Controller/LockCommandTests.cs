using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.ParkingLock.Controller;

/// <summary>BLE commands on the lock go through the same verifier, use counts, windows and revocations as on the T-BOX; accepted ones move the barrier.</summary>
public sealed class LockCommandTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void An_accepted_unlock_lowers_the_barrier_to_its_end_stop_and_logs_the_key()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        Assert.True(new LockPhone(_cloud, rig, _cloud.Token(7)).Send().Accepted);
        Assert.Equal(BarrierPosition.Lowering, rig.Controller.Status().Position);
        rig.RunUntil(() => rig.Controller.Status().Position == BarrierPosition.Lowered, BarrierModel.TravelMs + 500);

        Assert.Equal("stop", rig.Barrier.Motor);
        Assert.Equal(["lower", "stop"], rig.Barrier.MotorCalls);
        Assert.Equal(BarrierPosition.Lowered, rig.Controller.Status().Target);
        EventRecord unlocked = rig.EventsUp.First();
        Assert.Equal(EventKind.Unlocked, unlocked.Kind);
        Assert.Equal(Samples.KeyId, unlocked.KeyId);
    }

    [Fact]
    public void An_accepted_lock_raises_the_barrier_over_an_empty_space()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        LockPhone phone = new(_cloud, rig, _cloud.Token(7));
        phone.Send();
        rig.Run(BarrierModel.TravelMs + 500);

        Assert.True(phone.Send(CommandCode.Lock).Accepted);
        rig.RunUntil(() => rig.Controller.Status().Position == BarrierPosition.Raised, BarrierModel.TravelMs + 500);

        Assert.Equal(BarrierModel.TravelMs, rig.Barrier.Arm);
        Assert.Contains(rig.EventsUp, e => e.Kind == EventKind.Locked && e.KeyId == Samples.KeyId);
    }

    [Fact]
    public void Start_is_refused_not_permitted_counts_no_use_and_moves_nothing()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        var outcome = new LockPhone(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 1)).Send(CommandCode.Start);

        Assert.Equal(RefusalReason.NotPermitted, outcome.Reason);
        Assert.Empty(rig.Barrier.MotorCalls);
        Assert.Empty(rig.Controller.Status().Uses);
        Assert.True(new LockPhone(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 1)).Send().Accepted);
    }

    [Fact]
    public void A_key_with_a_use_limit_lowers_that_many_times_and_lock_still_works_after()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Uplink.Online = false;
        LockPhone phone = new(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 2));

        for (int i = 0; i < 2; i++)
        {
            Assert.True(phone.Send().Accepted);
            rig.Run(BarrierModel.TravelMs + 500);
            Assert.True(phone.Send(CommandCode.Lock).Accepted);
            rig.Run(BarrierModel.TravelMs + 500);
        }

        rig.Reboot();
        rig.Run(3000);
        Assert.Equal(RefusalReason.UsesExhausted, phone.Send().Reason);
        Assert.Equal(BarrierPosition.Raised, rig.Controller.Status().Position);
        Assert.True(phone.Send(CommandCode.Lock).Accepted);
    }

    [Fact]
    public void A_key_outside_its_window_is_refused_and_the_barrier_stays()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        var early = new LockPhone(_cloud, rig, _cloud.Token(7, tweak: t => { t.NotBefore = Samples.Now + 3600; t.NotAfter = Samples.Now + 7200; })).Send();
        var late = new LockPhone(_cloud, rig, _cloud.Token(7, tweak: t => { t.NotBefore = Samples.Now - 7200; t.NotAfter = Samples.Now - 3600; })).Send();

        Assert.Equal(RefusalReason.NotYetValid, early.Reason);
        Assert.Equal(RefusalReason.Expired, late.Reason);
        Assert.Empty(rig.Barrier.MotorCalls);
    }

    [Fact]
    public void A_revoked_key_is_refused_and_the_barrier_stays()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Deliver(_cloud.Bulletin(4, 1, new BulletinEntry(Samples.KeyId, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        Assert.Equal(RefusalReason.Revoked, new LockPhone(_cloud, rig, _cloud.Token(7)).Send().Reason);
        Assert.Empty(rig.Barrier.MotorCalls);
    }

    [Fact]
    public void Repeated_bad_command_macs_lock_that_key_out_as_on_the_T_BOX()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        LockPhone thief = new(_cloud, rig, _cloud.Token(7)) { GuessesSecret = true };

        RefusalReason last = RefusalReason.Accepted;
        for (int i = 0; i < 6; i++)
        {
            last = thief.Send().Reason;
        }

        Assert.Equal(RefusalReason.LockedOut, last);
        Assert.Equal(RefusalReason.LockedOut, new LockPhone(_cloud, rig, _cloud.Token(7)).Send().Reason);
        Assert.True(new LockPhone(_cloud, rig, _cloud.Token(7, keyId: Samples.KeyId + 1)).Send().Accepted);
        rig.Run(1000);
        Assert.Contains(rig.EventsUp, e => e.Kind == EventKind.LockedOut && e.KeyId == Samples.KeyId);
    }

    [Fact]
    public void A_T_BOX_configuration_file_is_refused()
    {
        Assert.Throws<ShareKey.Firmware.Configuration.BoardConfigException>(() =>
            new ShareKey.Firmware.ParkingLock.ParkingLockController(SampleConfig.TBox(), new ShareKey.Firmware.ParkingLock.ParkingLockParts { Settings = new() }));
    }
}
