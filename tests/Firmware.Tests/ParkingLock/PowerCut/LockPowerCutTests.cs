using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.ParkingLock.PowerCut;

/// <summary>
/// Power fails part way into every flash write of a whole visit — unlock, lower, park, leave,
/// auto-raise, a revocation from the cloud — in all three ways a write can tear. After the reboot
/// the barrier is found from its end stops and the interrupted motion completed; a use that was
/// answered is never lost, nor a revocation that was acknowledged; no raise starts onto a car;
/// and the lock ends closed once the space is empty.
/// </summary>
public sealed class LockPowerCutTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_cut_in_any_write_of_a_visit_loses_no_answered_use_or_acknowledged_revocation(TornWrite mode)
    {
        int writes = Visit(new Run(_cloud, new PowerSupply())).Writes;
        Assert.True(writes > 10, $"only {writes} writes in a visit");
        int cuts = 0;
        for (int write = 0; write < writes; write++)
        {
            foreach (int bytes in new[] { 0, 9, 30, 2000 })
            {
                PowerSupply power = new();
                power.CutDuringWrite(write, bytes, mode);
                Run run = new(_cloud, power);
                try
                {
                    Visit(run);
                    continue;
                }
                catch (PowerCutException)
                {
                    cuts++;
                }

                string at = $"{mode}, write {write}, after {bytes} bytes";
                run.Rig.Reboot();
                run.Rig.Controller.MqttConnected();
                run.Rig.Run(3000);
                int uses = run.Rig.Controller.Status().Uses.Where(u => u.KeyId == Samples.KeyId).Sum(u => u.Uses);
                Assert.True(uses <= 1, $"{at}: {uses} uses");
                if (run.UnlockAnswered)
                {
                    Assert.Equal(1, uses);
                }

                run.Rig.Space.CarPresent = false;
                run.Rig.Run((run.Rig.Settings.NoArrivalSeconds * 1000) + 10_000);
                Assert.True(run.Rig.Position() == BarrierPosition.Raised, $"{at}: ends {run.Rig.Position()}");
                Assert.Equal(0, run.Rig.RaisedOntoCar);
                RefusalReason again = run.Rig.Phone().Send().Reason;
                if (run.RevocationAcknowledged)
                {
                    Assert.Equal(RefusalReason.Revoked, again);
                }
                else
                {
                    Assert.True(again is RefusalReason.Accepted or RefusalReason.UsesExhausted or RefusalReason.Revoked, $"{at}: {again}");
                }
            }
        }

        // Every write is cut at 0 and 9 bytes (a record is at least 14); 30 bytes lies past the end of the short ones.
        Assert.True(cuts >= 2 * writes, $"{cuts} cuts over {writes} writes");
    }

    private static PowerSupply Visit(Run run)
    {
        LockRig rig = run.Rig = LockRig.Provisioned(run.Cloud, power: run.Power);
        run.Power.Arm();
        LockPhone phone = new(run.Cloud, rig, run.Cloud.Token(7, tweak: t => t.MaxUses = 1));
        Assert.True(phone.Send().Accepted);
        run.UnlockAnswered = true;
        rig.Run(BarrierModel.TravelMs + 500);
        rig.Space.CarPresent = true;
        rig.Run((rig.Settings.DwellSeconds * 1000) + 5000);
        rig.Space.CarPresent = false;
        rig.Run((rig.Settings.CloseDelaySeconds * 1000) + BarrierModel.TravelMs + 3000);
        Assert.Equal(BarrierPosition.Raised, rig.Position());
        rig.Deliver(run.Cloud.Bulletin(10, 1, new BulletinEntry(Samples.KeyId, KeyStanding.Revoked, BulletinEntry.NoExpiry)));
        run.RevocationAcknowledged = true;
        rig.Run(1000);
        return run.Power;
    }

    private sealed class Run(TestCloud cloud, PowerSupply power)
    {
        public TestCloud Cloud { get; } = cloud;

        public PowerSupply Power { get; } = power;

        public LockRig Rig { get; set; } = null!;

        public bool UnlockAnswered { get; set; }

        public bool RevocationAcknowledged { get; set; }
    }
}
