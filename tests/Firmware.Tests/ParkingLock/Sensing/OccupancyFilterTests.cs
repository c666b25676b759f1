using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.ParkingLock.Sensing;

/// <summary>
/// The occupancy filter on clean and noisy traces: hysteresis in distance (the band between the
/// thresholds does not vote) and in time (6 of the last 8 readings), latency bounded by the window.
/// </summary>
public sealed class OccupancyFilterTests
{
    private static readonly LockSettings Defaults = new();

    [Fact]
    public void The_state_is_unknown_until_enough_readings_agree()
    {
        OccupancyFilter filter = new(Defaults);
        for (int i = 0; i < Defaults.FilterVotes - 1; i++)
        {
            Assert.False(filter.Add(0));
        }

        Assert.Equal(Occupancy.Unknown, filter.State);
        Assert.True(filter.Add(0));
        Assert.Equal(Occupancy.Free, filter.State);
    }

    [Theory]
    [InlineData(800, true)]
    [InlineData(1, true)]
    [InlineData(801, false)]
    [InlineData(1199, false)]
    public void Readings_at_or_below_the_vehicle_distance_vote_vehicle_and_the_band_votes_nothing(int mm, bool votesVehicle)
    {
        OccupancyFilter filter = new(Defaults);
        for (int i = 0; i < Defaults.FilterWindow; i++)
        {
            filter.Add(mm);
        }

        Assert.Equal(votesVehicle ? Occupancy.Occupied : Occupancy.Unknown, filter.State);
    }

    [Fact]
    public void Readings_in_the_hysteresis_band_keep_the_state_whatever_it_was()
    {
        OccupancyFilter filter = new(Defaults);
        for (int i = 0; i < 8; i++)
        {
            filter.Add(400);
        }

        for (int i = 0; i < 100; i++)
        {
            filter.Add(1000);
        }

        Assert.Equal(Occupancy.Occupied, filter.State);
    }

    [Fact]
    public void No_echo_counts_as_an_empty_space()
    {
        OccupancyFilter filter = new(Defaults);
        for (int i = 0; i < 8; i++)
        {
            filter.Add(-1);
        }

        Assert.Equal(Occupancy.Free, filter.State);
        Assert.Equal(0, filter.LastDistanceMm);
    }

    [Fact]
    public void Noise_within_the_tolerated_rate_never_flips_the_state_and_every_change_is_seen_within_the_window()
    {
        PropertyCheck.ForAll(NoisyTrace.Traces(0.3), 300, trace =>
        {
            OccupancyFilter filter = new(Defaults);
            int lastChange = 0;
            for (int i = 0; i < trace.Readings.Length; i++)
            {
                if (i > 0 && trace.Truth[i] != trace.Truth[i - 1])
                {
                    lastChange = i;
                }

                filter.Add(trace.Readings[i]);
                Occupancy truth = trace.Truth[i] ? Occupancy.Occupied : Occupancy.Free;
                if (filter.State != Occupancy.Unknown && filter.State != truth)
                {
                    // Only allowed while the filter is still catching up with the latest change.
                    Assert.True(i - lastChange < Defaults.FilterWindow, $"sample {i}: {filter.State}, truth {truth} since {lastChange}");
                    Assert.True(lastChange > 0, $"sample {i}: {filter.State} before any change, truth {truth}");
                }

                if (i - lastChange >= Defaults.FilterWindow - 1)
                {
                    Assert.Equal(truth, filter.State);
                }
            }
        });
    }

    [Fact]
    public void An_empty_space_with_tolerated_noise_never_looks_like_a_vehicle_being_seen()
    {
        PropertyCheck.ForAll(NoisyTrace.Traces(0.4), 300, trace =>
        {
            OccupancyFilter filter = new(Defaults);
            int firstCar = Array.IndexOf(trace.Truth, true);
            int end = firstCar < 0 ? trace.Truth.Length : firstCar;
            for (int i = 0; i < end; i++)
            {
                filter.Add(trace.Readings[i]);
                Assert.False(filter.VehicleSeen, $"sample {i}");
            }
        });
    }

    [Fact]
    public void A_car_is_seen_within_three_readings_of_arriving_when_the_readings_are_clean()
    {
        OccupancyFilter filter = new(Defaults);
        for (int i = 0; i < 20; i++)
        {
            filter.Add(0);
        }

        filter.Add(ParkingSpace.CarMm);
        filter.Add(ParkingSpace.CarMm);
        Assert.False(filter.VehicleSeen);
        filter.Add(ParkingSpace.CarMm);
        Assert.True(filter.VehicleSeen);
        Assert.Equal(Occupancy.Free, filter.State);
    }
}
