using ShareKey.Firmware.Board;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;

namespace ShareKey.Firmware.Tests.Board;

/// <summary>The board core's "holds a key" answer, which the device layer advertises on: false until the first Rotate, and kept across a reboot.</summary>
public sealed class HoldsKeyTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_t_box_holds_a_key_from_its_first_rotate_on() => HoldsAKeyFromTheFirstRotateOn(new TBoxRig(_cloud));

    [Fact]
    public void A_parking_lock_holds_a_key_from_its_first_rotate_on() => HoldsAKeyFromTheFirstRotateOn(new LockRig(_cloud));

    private void HoldsAKeyFromTheFirstRotateOn<TController>(BoardRig<TController> rig)
        where TController : BoardController
    {
        rig.Controller.Boot();
        Assert.False(rig.Controller.HoldsKey);

        rig.Controller.MqttConnected();
        rig.Deliver(_cloud.Rotate(2, 7));
        Assert.True(rig.Controller.HoldsKey);

        Assert.True(rig.Reboot().HoldsKey);
    }
}
