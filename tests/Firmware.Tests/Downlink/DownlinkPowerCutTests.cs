using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>
/// Power fails at every byte while a rotation is being saved. No Ack went out, so the cloud resends
/// the Rotate; after the reboot the device must end up rotated exactly once and prove it.
/// </summary>
public sealed class DownlinkPowerCutTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_rotation_cut_at_any_byte_of_its_save_ends_rotated_once_after_the_resend(TornWrite mode)
    {
        int recordSize = RecordSizeOfRotation();
        for (int cut = 0; cut < recordSize; cut++)
        {
            DeviceRig rig = Rotated7();
            rig.Flash.CutPowerAfter(cut, mode);
            Assert.Throws<PowerCutException>(() => rig.Downlink.Handle(_cloud.Rotate(2, 8, 0xA1)));

            rig.Reboot();
            AckMessage ack = rig.Downlink.Handle(_cloud.Rotate(2, 8, 0xA1));

            string where = $"{mode} cut after {cut} bytes";
            Assert.True(ack.Status == AckStatus.Applied, where);
            Assert.True(_cloud.AckProof(8, 2).SequenceEqual(ack.Proof), where);
            Assert.True(rig.State.Epochs.ActiveEpoch == 8 && rig.State.Epochs.BackupEpoch == 7, where);
            Assert.True(rig.State.StandingOf(0xA1) == KeyStanding.Revoked, where);
        }
    }

    private DeviceRig Rotated7()
    {
        DeviceRig rig = new();
        rig.Downlink.Handle(_cloud.Rotate(1, 7));
        return rig;
    }

    private int RecordSizeOfRotation()
    {
        DeviceRig rig = Rotated7();
        long before = rig.Flash.BytesWritten;
        rig.Downlink.Handle(_cloud.Rotate(2, 8, 0xA1));
        return (int)(rig.Flash.BytesWritten - before);
    }
}
