using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol;

namespace ShareKey.Firmware.Tests.State;

/// <summary>docs/protocol.md §9.6: K refusals within W seconds lock the command path for L seconds (here K=3, W=60, L=300).</summary>
public sealed class LockOutTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public void K_failures_within_the_window_lock_the_device()
    {
        Assert.False(_rig.State.RecordFailure());
        _rig.Clock.Advance(20);
        Assert.False(_rig.State.RecordFailure());
        _rig.Clock.Advance(39);

        Assert.True(_rig.State.RecordFailure());
        Assert.True(_rig.State.IsLockedOut);
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_do_not_lock()
    {
        _rig.State.RecordFailure();
        _rig.Clock.Advance(30);
        _rig.State.RecordFailure();
        _rig.Clock.Advance(30);

        Assert.False(_rig.State.RecordFailure());
        Assert.False(_rig.State.IsLockedOut);
        _rig.Clock.Advance(1);
        Assert.True(_rig.State.RecordFailure());
    }

    [Fact]
    public void The_lock_ends_after_L_seconds_with_a_clean_history()
    {
        LockNow();
        _rig.Clock.Advance(299);
        Assert.True(_rig.State.IsLockedOut);

        _rig.Clock.Advance(1);

        Assert.False(_rig.State.IsLockedOut);
        Assert.False(_rig.State.RecordFailure());
        Assert.False(_rig.State.RecordFailure());
        Assert.True(_rig.State.RecordFailure());
    }

    [Fact]
    public void Failures_while_locked_neither_count_nor_extend_the_lock()
    {
        LockNow();
        for (int i = 0; i < 10; i++)
        {
            _rig.Clock.Advance(10);
            Assert.False(_rig.State.RecordFailure());
        }

        _rig.Clock.Advance(200);

        Assert.False(_rig.State.IsLockedOut);
    }

    [Fact]
    public void Moving_the_device_clock_forward_does_not_end_a_lock()
    {
        LockNow();

        _rig.State.Clock.AdvanceTo(Samples.Now + 100_000);

        Assert.True(_rig.State.IsLockedOut);
    }

    [Fact]
    public void A_single_failure_locks_when_K_is_one()
    {
        DeviceRig strict = new(new LockOutPolicy(1, 60, 10));

        Assert.True(strict.State.RecordFailure());
        Assert.True(strict.State.IsLockedOut);
    }

    [Theory]
    [InlineData(0, 60u, 300u)]
    [InlineData(33, 60u, 300u)]
    [InlineData(3, 0u, 300u)]
    [InlineData(3, 60u, 0u)]
    public void A_policy_out_of_range_is_refused(int failures, uint window, uint lockSeconds)
    {
        var error = Assert.Throws<ProtocolException>(() => new LockOutPolicy(failures, window, lockSeconds));
        Assert.Equal(ProtocolError.InvalidArgument, error.Error);
    }

    private void LockNow()
    {
        _rig.State.RecordFailure();
        _rig.State.RecordFailure();
        Assert.True(_rig.State.RecordFailure());
    }
}
