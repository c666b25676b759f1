using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Uplink;

namespace ShareKey.Firmware.Tests.Uplink;

/// <summary>Uplink message ids never repeat, across reboots and power cuts, at one flash write per block.</summary>
public sealed class UplinkIdsTests
{
    private readonly MemoryFlash _flash = new(DurableRecord.Overhead + UplinkIds.SavedLength);

    [Fact]
    public void Ids_run_on_from_one_with_one_write_per_block()
    {
        UplinkIds ids = Open();

        uint[] taken = Enumerable.Range(0, 2 * UplinkIds.Block).Select(_ => ids.Next()).ToArray();

        Assert.Equal(Enumerable.Range(1, 2 * UplinkIds.Block).Select(i => (uint)i), taken);
        Assert.Equal(2, _flash.Writes);
    }

    [Fact]
    public void A_reboot_skips_the_rest_of_the_block()
    {
        UplinkIds ids = Open();
        uint last = Enumerable.Range(0, 10).Select(_ => ids.Next()).Last();

        uint first = Open().Next();

        Assert.Equal(1u + UplinkIds.Block, first);
        Assert.True(first > last);
    }

    [Fact]
    public void No_id_repeats_over_many_reboots()
    {
        HashSet<uint> seen = [];
        for (int boot = 0; boot < 20; boot++)
        {
            UplinkIds ids = Open();
            for (int i = 0; i < boot * 7; i++)
            {
                Assert.True(seen.Add(ids.Next()));
            }
        }
    }

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_power_cut_while_reserving_never_gives_an_id_twice(TornWrite mode)
    {
        UplinkIds ids = Open();
        List<uint> handedOut = Enumerable.Range(0, UplinkIds.Block).Select(_ => ids.Next()).ToList();
        int recordBytes = DurableRecord.Overhead + UplinkIds.SavedLength;
        for (int cut = 0; cut < recordBytes; cut++)
        {
            _flash.CutPowerAfter(cut, mode);
            Assert.Throws<PowerCutException>(() => Open().Next());

            uint next = Open().Next();

            Assert.DoesNotContain(next, handedOut);
            handedOut.Add(next);
        }
    }

    private UplinkIds Open()
    {
        UplinkIds ids = new(new DurableRecord(_flash));
        ids.Open();
        return ids;
    }
}
