using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>The filtered-RSSI gate: median of the last N samples against a threshold; too-far otherwise.</summary>
public sealed class ProximityTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void The_median_ignores_a_single_spike_either_way()
    {
        ProximityFilter filter = new(-70, 5);
        foreach (int rssi in new[] { -60, -62, -20, -61, -95 })
        {
            filter.Add(rssi);
        }

        Assert.Equal(-61, filter.Filtered);
        Assert.True(filter.IsNear);
    }

    [Fact]
    public void Only_the_last_N_samples_count()
    {
        ProximityFilter filter = new(-70, 3);
        foreach (int rssi in new[] { -90, -90, -90, -60, -60 })
        {
            filter.Add(rssi);
        }

        Assert.Equal(-60, filter.Filtered);
        Assert.True(filter.IsNear);
    }

    [Fact]
    public void The_threshold_itself_counts_as_near()
    {
        ProximityFilter filter = new(-70, 1);

        filter.Add(-70);
        Assert.True(filter.IsNear);
        filter.Add(-71);
        Assert.False(filter.IsNear);
    }

    [Fact]
    public void Until_the_window_is_full_the_phone_is_far()
    {
        ProximityFilter filter = new(-70, 3);
        filter.Add(-40);
        filter.Add(-40);

        Assert.False(filter.IsNear);
    }

    [Fact]
    public void A_reset_forgets_the_previous_connection()
    {
        ProximityFilter filter = new(-70, 2);
        filter.Add(-40);
        filter.Add(-40);

        filter.Reset();
        filter.Add(-40);

        Assert.False(filter.IsNear);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void A_window_out_of_range_is_refused(int window)
    {
        Assert.Equal(ProtocolError.InvalidArgument, Assert.Throws<ProtocolException>(() => new ProximityFilter(-70, window)).Error);
    }

    [Fact]
    public void A_far_phone_is_refused_too_far_unsigned_and_its_challenge_is_spent()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        rig.Signal(-80, -85, -90);
        Phone phone = new(_cloud, rig, _cloud.Token(7));
        byte[] nonce = phone.ReadChallenge().Nonce;

        var outcome = phone.Answer(nonce);

        Assert.Equal(RefusalReason.TooFar, outcome.Reason);
        Assert.Equal(new byte[16], outcome.Result.Mac);
        Assert.Equal(EventKind.Refused, outcome.Event!.Kind);
        Assert.Equal((byte)RefusalReason.TooFar, outcome.Event.Detail);
        rig.Signal(-50, -50, -50);
        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void A_phone_that_comes_closer_is_let_in_on_a_fresh_challenge()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        rig.Signal(-90, -90, -90);
        Phone phone = new(_cloud, rig, _cloud.Token(7));
        Assert.Equal(RefusalReason.TooFar, phone.Send().Reason);

        rig.Signal(-55, -58, -60);

        Assert.True(phone.Send().Accepted);
    }

    [Fact]
    public void A_new_connection_must_show_its_own_signal_first()
    {
        DeviceRig rig = DeviceRig.Provisioned(_cloud);
        rig.Session.Reset();

        Assert.Equal(RefusalReason.TooFar, new Phone(_cloud, rig, _cloud.Token(7)).Send().Reason);
    }
}
