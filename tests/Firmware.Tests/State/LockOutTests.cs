using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol;

namespace ShareKey.Firmware.Tests.State;

/// <summary>docs/protocol.md §9.6: K failures for one key within W seconds lock that key for L seconds (here K=3, W=60, L=300).</summary>
public sealed class LockOutTests
{
    private const ulong Key = Samples.KeyId;
    private const ulong OtherKey = Samples.KeyId + 1;
    private readonly DeviceRig _rig = new();

    [Fact]
    public void K_failures_within_the_window_lock_the_key()
    {
        Assert.False(_rig.State.RecordFailure(Key));
        _rig.Clock.Advance(20);
        Assert.False(_rig.State.RecordFailure(Key));
        _rig.Clock.Advance(39);

        Assert.True(_rig.State.RecordFailure(Key));
        Assert.True(_rig.State.IsLockedOut(Key));
    }

    [Fact]
    public void A_locked_key_leaves_every_other_key_free()
    {
        LockNow();

        Assert.False(_rig.State.IsLockedOut(OtherKey));
        Assert.False(_rig.State.RecordFailure(OtherKey));
    }

    [Fact]
    public void Failures_of_different_keys_do_not_add_up()
    {
        for (ulong key = 1; key <= 10; key++)
        {
            Assert.False(_rig.State.RecordFailure(key));
            Assert.False(_rig.State.RecordFailure(key));
        }

        for (ulong key = 1; key <= 10; key++)
        {
            Assert.False(_rig.State.IsLockedOut(key));
        }
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_do_not_lock()
    {
        _rig.State.RecordFailure(Key);
        _rig.Clock.Advance(30);
        _rig.State.RecordFailure(Key);
        _rig.Clock.Advance(30);

        Assert.False(_rig.State.RecordFailure(Key));
        Assert.False(_rig.State.IsLockedOut(Key));
    }

    [Fact]
    public void The_lock_ends_after_L_seconds_with_a_clean_history()
    {
        LockNow();
        _rig.Clock.Advance(299);
        Assert.True(_rig.State.IsLockedOut(Key));

        _rig.Clock.Advance(1);

        Assert.False(_rig.State.IsLockedOut(Key));
        Assert.False(_rig.State.RecordFailure(Key));
        Assert.False(_rig.State.RecordFailure(Key));
        Assert.True(_rig.State.RecordFailure(Key));
    }

    [Fact]
    public void Failures_while_locked_neither_count_nor_extend_the_lock()
    {
        LockNow();
        for (int i = 0; i < 10; i++)
        {
            _rig.Clock.Advance(10);
            Assert.False(_rig.State.RecordFailure(Key));
        }

        _rig.Clock.Advance(200);

        Assert.False(_rig.State.IsLockedOut(Key));
    }

    [Fact]
    public void Moving_the_device_clock_forward_does_not_end_a_lock()
    {
        LockNow();

        _rig.State.Clock.AdvanceTo(Samples.Now + 100_000);

        Assert.True(_rig.State.IsLockedOut(Key));
    }

    [Fact]
    public void A_single_failure_locks_when_K_is_one()
    {
        DeviceRig strict = new(new LockOutPolicy(1, 60, 10));

        Assert.True(strict.State.RecordFailure(Key));
        Assert.True(strict.State.IsLockedOut(Key));
    }

    [Fact]
    public void A_full_table_keeps_the_locks_that_last_longest()
    {
        LockNow();
        _rig.Clock.Advance(1);
        for (ulong key = 100; key < 100 + (ulong)LockOut.Capacity; key++)
        {
            _rig.State.RecordFailure(key);
        }

        // The newcomers' windows end at uptime 61, long before the lock at 300: they made room among themselves.
        Assert.True(_rig.State.IsLockedOut(Key));
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
        _rig.State.RecordFailure(Key);
        _rig.State.RecordFailure(Key);
        Assert.True(_rig.State.RecordFailure(Key));
    }
}
