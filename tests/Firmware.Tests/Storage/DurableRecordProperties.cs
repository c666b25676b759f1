using FsCheck;
using FsCheck.Fluent;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.Storage;

/// <summary>
/// Random histories of writes, torn writes and reboots against a model that knows only which
/// records the store may come back with: after a clean write, exactly that one; after a torn
/// write, the last clean one or the torn one.
/// </summary>
public sealed class DurableRecordProperties
{
    private const int Capacity = 128;

    /// <summary>One write; <see cref="CutAfter"/> bytes into it power fails, unless it is negative.</summary>
    public sealed record Step(byte[] Payload, int CutAfter, TornWrite Mode, bool RebootAfter)
    {
        public override string ToString() =>
            $"write {Convert.ToHexString(Payload)}" + (CutAfter >= 0 ? $" cut@{CutAfter} {Mode}" : string.Empty) + (RebootAfter ? " reboot" : string.Empty);
    }

    private static readonly Gen<Step> Steps =
        from length in Gen.Choose(0, Capacity - DurableRecord.Overhead)
        from payload in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        from torn in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from cut in Gen.Choose(0, length + DurableRecord.Overhead - 1)
        from mode in Gen.Elements(TornWrite.StaleBytes, TornWrite.Garbage, TornWrite.Truncated)
        from reboot in Gen.Elements(false, true)
        select new Step(payload, torn ? cut : -1, mode, reboot);

    [Fact]
    public void The_store_always_reopens_to_a_record_the_history_allows()
    {
        Gen<Step[]> histories = Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Steps, n));
        PropertyCheck.ForAll(histories, 2000, Replay);
    }

    private static void Replay(Step[] history)
    {
        MemoryFlash flash = new(Capacity, seed: history.Length);
        DurableRecord record = new(flash);
        Assert.Null(record.Open());
        byte[]? clean = null;
        foreach (Step step in history)
        {
            if (step.CutAfter < 0)
            {
                record.Write(step.Payload, 0, step.Payload.Length);
                clean = step.Payload;
                if (step.RebootAfter)
                {
                    record = new DurableRecord(flash);
                    Assert.Equal(clean, record.Open());
                }

                continue;
            }

            flash.CutPowerAfter(step.CutAfter, step.Mode);
            Assert.Throws<PowerCutException>(() => record.Write(step.Payload, 0, step.Payload.Length));
            record = new DurableRecord(flash);
            byte[]? reopened = record.Open();
            bool allowed = (reopened is null ? clean is null : clean is not null && reopened.SequenceEqual(clean))
                || (reopened is not null && reopened.SequenceEqual(step.Payload));
            Assert.True(allowed, $"reopened to {(reopened is null ? "nothing" : Convert.ToHexString(reopened))}");
            clean = reopened;
        }
    }
}
