using System.Text.Json;
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

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var gaveUp = await RotationAckTests.WaitForStateAsync(service, started[0].GetProperty("id").GetInt64(), "gave-up");
        Assert.Contains("no ack after 3 sends", gaveUp.GetProperty("lastError").GetString());
        Assert.True(gaveUp.GetProperty("backupHeld").GetBoolean());

        // The next renter is served from the backup epoch while the car is away (R0.4).
        await Fleet.ListForRentAsync(service, "1M8GDM9AXKP042788");
        var rental = await TestService.PostAsync<JsonElement>(user, "/v1/rentals", new { vin = "1M8GDM9AXKP042788", endsAt = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Equal(1u, rental.GetProperty("key").GetProperty("key").GetProperty("epoch").GetUInt32());
        Assert.NotNull(rental.GetProperty("key").GetProperty("holderSecret").GetString());

        // Back online: the broker delivers the queued sends (ignored), and the car's report re-drives the rotation.
        await car.ConnectAsync();
        await car.SendKeyReportAsync();
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);
        var confirmed = await RotationAckTests.WaitForStateAsync(service, started[0].GetProperty("id").GetInt64(), "confirmed");
        Assert.Equal(1, confirmed.GetProperty("redrives").GetInt32());
        var key = await TestService.GetAsync<JsonElement>(user, $"/v1/keys/{rental.GetProperty("key").GetProperty("key").GetProperty("id").GetString()}");
        Assert.Equal(2u, key.GetProperty("key").GetProperty("epoch").GetUInt32());
    }

    [Fact]
    public async Task A_given_up_rotation_is_redriven_on_schedule()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.RedriveAfter = TimeSpan.FromSeconds(1));
        await using var car = await Fleet.OnlineAsync(service, "car-4");
        car.RotatesToIgnore = 3;

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var id = started[0].GetProperty("id").GetInt64();
        await RotationAckTests.WaitForStateAsync(service, id, "gave-up");
        var confirmed = await RotationAckTests.WaitForStateAsync(service, id, "confirmed");
        Assert.Equal(1, confirmed.GetProperty("redrives").GetInt32());
        var rotates = car.Received().OfType<RotateMessage>().Where(r => r.Epoch == 2).Select(r => r.MessageId).Distinct().ToList();
        Assert.Equal(2, rotates.Count);
    }
}
