using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>
/// Power fails at every byte while an accepted unlock saves its use. The session must not have
/// answered (so the board never actuated), and after the reboot the key's count is either the old
/// or the new one — never more uses than the limit allows.
/// </summary>
public sealed class UnlockPowerCutTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_use_is_never_acted_on_before_it_is_saved_and_never_lost_once_acted_on(TornWrite mode)
    {
        int saveSize = SaveSizeOfFirstUse();
        for (int cut = 0; cut < saveSize; cut++)
        {
            DeviceRig rig = DeviceRig.Provisioned(_cloud);
            Phone phone = new(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 1));
            phone.ReadChallenge();
            rig.Flash.CutPowerAfter(cut, mode);

            Assert.Throws<PowerCutException>(() => phone.Answer(phone.LastChallenge!.Nonce));

            rig.Reboot();
            rig.Signal(-50, -50, -50);
            int uses = rig.State.UsesOf(Samples.KeyId);
            Assert.True(uses is 0 or 1, $"{mode} cut {cut}: {uses} uses");
            Assert.Equal(uses == 0 ? RefusalReason.Accepted : RefusalReason.UsesExhausted, phone.Send().Reason);
            Assert.Equal(RefusalReason.UsesExhausted, phone.Send().Reason);
        }
    }

    private int SaveSizeOfFirstUse()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        Phone phone = new(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 1));
        phone.ReadChallenge();
        long before = rig.Flash.BytesWritten;
        Assert.True(phone.Answer(phone.LastChallenge!.Nonce).Accepted);
        return (int)(rig.Flash.BytesWritten - before);
    }
}
