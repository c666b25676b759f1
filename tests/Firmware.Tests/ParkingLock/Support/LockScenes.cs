using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>Steps many tests share: open the lock with a phone and wait for the barrier to settle.</summary>
public static class LockScenes
{
    public static LockPhone Phone(this LockRig rig) => new(rig.Cloud, rig, rig.Cloud.Token(7));

    /// <summary>An accepted unlock, and the barrier down on its end stop.</summary>
    public static void OpenWithPhone(this LockRig rig)
    {
        Assert.True(rig.Phone().Send().Accepted);
        rig.RunUntil(() => rig.Controller.Status().Position == BarrierPosition.Lowered, BarrierModel.TravelMs + 500);
    }

    public static BarrierPosition Position(this LockRig rig) => rig.Controller.Status().Position;

    public static List<EventRecord> EventsOf(this LockRig rig, EventKind kind) => rig.EventsUp.Where(e => e.Kind == kind).ToList();
}
