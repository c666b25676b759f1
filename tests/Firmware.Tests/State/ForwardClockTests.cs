using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.State;

/// <summary>docs/protocol.md §9.2: the device clock only moves forward, and a reboot does not roll it back.</summary>
public sealed class ForwardClockTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public void A_fresh_board_starts_at_zero_and_counts_uptime()
    {
        _rig.Clock.Advance(5);

        Assert.Equal(5u, _rig.State.Now);
    }

    [Fact]
    public void A_later_time_moves_the_clock_and_uptime_runs_on_from_it()
    {
        Assert.True(_rig.State.Clock.AdvanceTo(Samples.Now));
        _rig.Clock.Advance(30);

        Assert.Equal(Samples.Now + 30, _rig.State.Now);
    }

    [Fact]
    public void An_earlier_or_equal_time_is_refused_and_changes_nothing()
    {
        _rig.State.Clock.AdvanceTo(Samples.Now);
        _rig.Clock.Advance(10);

        Assert.False(_rig.State.Clock.AdvanceTo(Samples.Now + 5));
        Assert.False(_rig.State.Clock.AdvanceTo(Samples.Now + 10));
        Assert.Equal(Samples.Now + 10, _rig.State.Now);
    }

    [Fact]
    public void A_reboot_resumes_from_the_saved_time_not_from_zero()
    {
        _rig.State.Clock.AdvanceTo(Samples.Now);
        _rig.Clock.Advance(100);
        _rig.State.Save();
        _rig.Clock.Advance(50);

        var rebooted = _rig.Reboot();

        Assert.Equal(Samples.Now + 100, rebooted.Now);
        _rig.Clock.Advance(7);
        Assert.Equal(Samples.Now + 107, rebooted.Now);
    }

    [Fact]
    public void The_clock_saturates_instead_of_wrapping_to_the_past()
    {
        _rig.State.Clock.AdvanceTo(uint.MaxValue - 1);
        _rig.Clock.Advance(10);

        Assert.Equal(uint.MaxValue, _rig.State.Now);
    }

    [Fact]
    public void A_tick_source_that_goes_back_does_not_move_the_clock_back_past_its_base()
    {
        _rig.State.Clock.AdvanceTo(Samples.Now);
        _rig.Clock.Advance(20);
        _rig.Clock.UptimeSeconds = 0;

        Assert.Equal(Samples.Now, _rig.State.Now);
        _rig.Clock.Advance(3);
        Assert.Equal(Samples.Now + 3, _rig.State.Now);
    }
}
