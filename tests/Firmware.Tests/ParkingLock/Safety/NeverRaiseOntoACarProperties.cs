using FsCheck;
using FsCheck.Fluent;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Safety;

/// <summary>
/// Random lives of a lock — phones unlocking and locking, cars arriving and leaving, tolerated
/// sensor noise, stuck motors, blocked arms, forced barriers, reboots — never start a raise onto
/// a car that has been over the sensor for a filter window, and never leave the motor running
/// past the motion timeout.
/// </summary>
public sealed class NeverRaiseOntoACarProperties
{
    private enum Act
    {
        Unlock,
        Lock,
        CarIn,
        CarOut,
        Wait,
        LongWait,
        Stick,
        Block,
        Force,
        Reboot,
    }

    [Fact]
    public void No_life_of_the_lock_raises_the_barrier_onto_a_car()
    {
        TestCloud cloud = new();
        Gen<Act[]> lives = Gen.Elements(Enum.GetValues<Act>()).ArrayOf().Select(a => a.Take(40).ToArray());
        PropertyCheck.ForAll(lives, 60, life =>
        {
            LockSettings settings = new() { DwellSeconds = 5, CloseDelaySeconds = 5, NoArrivalSeconds = 20 };
            LockRig rig = LockRig.Provisioned(cloud, settings);
            rig.Space.Noise = (n, truth) => n % 8 == 3 ? (truth == 0 ? ParkingSpace.CarMm : 0) : n % 8 == 6 ? 1000 : truth;
            foreach (Act act in life)
            {
                Do(rig, act);
                Assert.Equal(0, rig.RaisedOntoCar);
            }

            rig.Barrier.Stuck = false;
            rig.Barrier.BlockedAbove = null;
            rig.Run(settings.MotionTimeoutMs + 500);
            Assert.False(rig.Barrier.Motor != "stop" && !rig.Controller.Status().Position.ToString().EndsWith("ing", StringComparison.Ordinal), "motor running while not moving");
        });
    }

    private static void Do(LockRig rig, Act act)
    {
        switch (act)
        {
            case Act.Unlock:
                rig.Phone().Send();
                break;
            case Act.Lock:
                rig.Phone().Send(CommandCode.Lock);
                break;
            case Act.CarIn:
                rig.Space.CarPresent = true;
                break;
            case Act.CarOut:
                rig.Space.CarPresent = false;
                break;
            case Act.LongWait:
                rig.Run(25_000);
                break;
            case Act.Stick:
                rig.Barrier.Stuck = !rig.Barrier.Stuck;
                break;
            case Act.Block:
                rig.Barrier.BlockedAbove = rig.Barrier.BlockedAbove is null ? 1500 : null;
                break;
            case Act.Force:
                if (rig.Position() == BarrierPosition.Raised)
                {
                    rig.Barrier.Arm = 0;
                    rig.Controller.EndStopChanged();
                }

                break;
            case Act.Reboot:
                rig.Reboot();
                rig.Controller.MqttConnected();
                break;
        }

        rig.Run(1500);
    }
}
