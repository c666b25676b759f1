using System.Text.Json;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Rotation;

/// <summary>R0.4: a device offline for every retry is served from the backup, and the rotation is re-driven later.</summary>
public sealed class RotationGiveUpTests
{
    [Fact]
    public async Task Offline_device_gives_up_serves_keys_from_the_backup_and_is_redriven_when_it_returns()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-3", "1M8GDM9AXKP042788");
        var (userId, user) = await service.CreateUserAsync("renter-3");
        await car.DisconnectAsync();
        car.RotatesToIgnore = 3;

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var gaveUp = await RotationAckTests.WaitForStateAsync(service, started[0].Id, RotationState.GaveUp);
        Assert.Contains("no ack after 3 sends", gaveUp.LastError);
        Assert.True(gaveUp.BackupHeld);

        // The next renter is served from the backup epoch while the car is away (R0.4).
        await Fleet.ListForRentAsync(service, "1M8GDM9AXKP042788");
        var rental = await user.PostAsync<RentalApi.StartedRental>("/v1/rentals", new { vin = "1M8GDM9AXKP042788", endsAt = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Equal(1u, rental.Key.Key.Epoch);
        Assert.NotNull(rental.Key.HolderSecret);

        // Back online: the broker delivers the queued sends (ignored), and the car's report re-drives the rotation.
        await car.ConnectAsync();
        await car.SendKeyReportAsync();
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);
        var confirmed = await RotationAckTests.WaitForStateAsync(service, started[0].Id, RotationState.Confirmed);
        Assert.Equal(1, confirmed.Redrives);
        var key = await user.GetAsync<HeldKeyDto>($"/v1/keys/{rental.Key.Key.Id}");
        Assert.Equal(2u, key.Key.Epoch);
    }

    [Fact]
    public async Task A_given_up_rotation_is_redriven_on_schedule()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.RedriveAfter = TimeSpan.FromSeconds(1));
        await using var car = await Fleet.OnlineAsync(service, "car-4");
        car.RotatesToIgnore = 3;

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var id = started[0].Id;
        await RotationAckTests.WaitForStateAsync(service, id, RotationState.GaveUp);
        var confirmed = await RotationAckTests.WaitForStateAsync(service, id, RotationState.Confirmed);
        Assert.Equal(1, confirmed.Redrives);
        var rotates = car.Received().OfType<RotateMessage>().Where(r => r.Epoch == 2).Select(r => r.MessageId).Distinct().ToList();
        Assert.Equal(2, rotates.Count);
    }
}
