using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.Storage;

/// <summary>
/// Power fails at every byte of every write in a sequence, in each way a torn write can look. The
/// store must reopen to the last completely written record, or to the interrupted one when the cut
/// spared every byte that mattered — never to garbage, never to nothing once something was written
/// — and must go on working after the reboot.
/// </summary>
public sealed class PowerCutTests
{
    /// <summary>Lengths vary so that a torn write lands on a slot holding a longer and a shorter older record.</summary>
    private static readonly byte[][] Payloads =
    [
        Payload(1, 40),
        Payload(2, 3),
        Payload(3, 90),
        Payload(4, 0),
        Payload(5, 41),
        Payload(6, 40),
    ];

    public static TheoryData<TornWrite> Modes => [TornWrite.StaleBytes, TornWrite.Garbage, TornWrite.Truncated];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_cut_of_every_write_reopens_to_the_old_or_the_new_record(TornWrite mode)
    {
        int cases = 0;
        for (int interrupted = 0; interrupted < Payloads.Length; interrupted++)
        {
            int size = Payloads[interrupted].Length + DurableRecord.Overhead;
            for (int cut = 0; cut < size; cut++)
            {
                CheckCut(mode, interrupted, cut);
                cases++;
            }
        }

        Assert.Equal(Payloads.Sum(p => p.Length + DurableRecord.Overhead), cases);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_cut_before_the_first_write_completes_leaves_an_empty_store_that_still_works(TornWrite mode)
    {
        for (int cut = 0; cut < Payloads[0].Length + DurableRecord.Overhead; cut++)
        {
            MemoryFlash flash = new(capacity: 256, seed: cut);
            DurableRecord record = new(flash);
            record.Open();
            flash.CutPowerAfter(cut, mode);
            Assert.Throws<PowerCutException>(() => record.Write(Payloads[0], 0, Payloads[0].Length));

            DurableRecord rebooted = new(flash);
            Assert.Null(rebooted.Open());
            rebooted.Write(Payloads[1], 0, Payloads[1].Length);
            Assert.Equal(Payloads[1], new DurableRecord(flash).Open());
        }
    }

    [Fact]
    public void Two_cuts_in_a_row_on_the_same_slot_still_keep_the_last_good_record()
    {
        MemoryFlash flash = new(capacity: 256);
        DurableRecord record = new(flash);
        record.Open();
        record.Write(Payloads[0], 0, Payloads[0].Length);
        record.Write(Payloads[1], 0, Payloads[1].Length);

        flash.CutPowerAfter(5, TornWrite.Garbage);
        Assert.Throws<PowerCutException>(() => record.Write(Payloads[2], 0, Payloads[2].Length));
        DurableRecord second = new(flash);
        Assert.Equal(Payloads[1], second.Open());
        flash.CutPowerAfter(10, TornWrite.Garbage);
        Assert.Throws<PowerCutException>(() => second.Write(Payloads[3], 0, Payloads[3].Length));

        Assert.Equal(Payloads[1], new DurableRecord(flash).Open());
    }

    private static void CheckCut(TornWrite mode, int interrupted, int cut)
    {
        MemoryFlash flash = new(capacity: 256, seed: (interrupted * 1000) + cut);
        DurableRecord record = new(flash);
        record.Open();
        for (int i = 0; i < interrupted; i++)
        {
            record.Write(Payloads[i], 0, Payloads[i].Length);
        }

        flash.CutPowerAfter(cut, mode);
        Assert.Throws<PowerCutException>(() => record.Write(Payloads[interrupted], 0, Payloads[interrupted].Length));

        DurableRecord rebooted = new(flash);
        byte[]? reopened = rebooted.Open();
        byte[]? before = interrupted == 0 ? null : Payloads[interrupted - 1];
        string where = $"mode {mode}, write {interrupted}, cut after {cut} bytes";
        Assert.True(Same(reopened, before) || Same(reopened, Payloads[interrupted]), where + ": reopened to " + Describe(reopened));

        // The store keeps working: the next write lands and survives another reboot.
        byte[] next = Payload(99, 7);
        rebooted.Write(next, 0, next.Length);
        Assert.True(Same(new DurableRecord(flash).Open(), next), where + ": the write after the reboot was lost");
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static string Describe(byte[]? bytes) => bytes is null ? "nothing" : Convert.ToHexString(bytes);

    private static byte[] Payload(int seed, int length) =>
        Enumerable.Range(0, length).Select(i => (byte)((seed * 37) + (i * 11))).ToArray();
}
