using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.Tests.State;

/// <summary>R2.4, docs/protocol.md §9.4: per-key use counts in a bounded table that never forgets a count that still matters.</summary>
public sealed class UseCountsTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    public UseCountsTests()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Epochs.Install(8, Samples.EpochKey(8));
        _rig.State.Clock.AdvanceTo(Samples.Now);
    }

    [Fact]
    public void Each_recorded_use_counts_once_per_key()
    {
        KeyToken a = Limited(0xA, 8);
        KeyToken b = Limited(0xB, 8);

        _rig.State.RecordUse(a);
        _rig.State.RecordUse(a);
        _rig.State.RecordUse(b);

        Assert.Equal(2, _rig.State.UsesOf(0xA));
        Assert.Equal(1, _rig.State.UsesOf(0xB));
        Assert.Equal(0, _rig.State.UsesOf(0xC));
    }

    [Fact]
    public void A_full_table_makes_room_from_an_expired_key_first()
    {
        Fill(index => index == 30 ? Unlimited(31, 8) : index == 40 ? Limited(0xE00, 8, notAfter: Samples.Now + 1) : Limited((ulong)index + 1, 8));
        _rig.Clock.Advance(1);

        Assert.True(_rig.State.RecordUse(Limited(0xF00, 8)));

        Assert.Equal(0, _rig.State.UsesOf(0xE00));
        Assert.Equal(1, _rig.State.UsesOf(31));
        Assert.Equal(1, _rig.State.UsesOf(0xF00));
    }

    [Fact]
    public void A_full_table_makes_room_from_a_key_of_a_dropped_epoch()
    {
        Fill(index => Limited((ulong)index + 1, index == 10 ? 7u : 8u));
        _rig.State.Epochs.DropBackup();

        Assert.True(_rig.State.RecordUse(Limited(0xF00, 8)));

        Assert.Equal(0, _rig.State.UsesOf(11));
        Assert.Equal(UseCounts.Capacity, _rig.State.Uses.Count);
    }

    [Fact]
    public void A_full_table_then_gives_up_the_count_of_an_unlimited_key()
    {
        Fill(index => index == 20 ? Unlimited(21, 8) : Limited((ulong)index + 1, 8));

        Assert.True(_rig.State.RecordUse(Limited(0xF00, 8)));

        Assert.Equal(0, _rig.State.UsesOf(21));
        Assert.Equal(1, _rig.State.UsesOf(0xF00));
    }

    [Fact]
    public void A_limited_key_that_finds_no_room_is_not_recorded_and_must_be_refused()
    {
        Fill(index => Limited((ulong)index + 1, 8));

        Assert.False(_rig.State.RecordUse(Limited(0xF00, 8)));

        Assert.Equal(0, _rig.State.UsesOf(0xF00));
        Assert.Equal(1, _rig.State.UsesOf(64));
    }

    [Fact]
    public void An_unlimited_key_that_finds_no_room_is_let_through_uncounted()
    {
        Fill(index => Limited((ulong)index + 1, 8));

        Assert.True(_rig.State.RecordUse(Unlimited(0xF00, 8)));

        Assert.Equal(0, _rig.State.UsesOf(0xF00));
    }

    [Fact]
    public void A_count_stops_at_the_largest_u16_instead_of_wrapping_to_zero()
    {
        KeyToken token = Unlimited(0xA, 8);
        for (int i = 0; i < ushort.MaxValue + 2; i++)
        {
            _rig.State.RecordUse(token);
        }

        Assert.Equal(ushort.MaxValue, _rig.State.UsesOf(0xA));
    }

    [Fact]
    public void The_counts_are_what_a_key_report_lists()
    {
        _rig.State.RecordUse(Limited(0xA, 8));
        _rig.State.RecordUse(Limited(0xA, 8));

        var report = _rig.State.ToKeyReport([]);

        Assert.Equal(8u, report.ActiveEpoch);
        Assert.Equal(7u, report.BackupEpoch);
        Assert.Equal(Samples.Now, report.DeviceTime);
        var use = Assert.Single(report.Uses);
        Assert.Equal(0xAul, use.KeyId);
        Assert.Equal(2, use.Uses);
    }

    private void Fill(Func<int, KeyToken> tokenAt)
    {
        for (int i = 0; i < UseCounts.Capacity; i++)
        {
            Assert.True(_rig.State.RecordUse(tokenAt(i)));
        }

        Assert.Equal(UseCounts.Capacity, _rig.State.Uses.Count);
    }

    private KeyToken Limited(ulong keyId, uint epoch, uint notAfter = Samples.Now + 3600) =>
        _cloud.Token(epoch, keyId, t => { t.MaxUses = 5; t.NotAfter = notAfter; });

    private KeyToken Unlimited(ulong keyId, uint epoch) => _cloud.Token(epoch, keyId);
}
