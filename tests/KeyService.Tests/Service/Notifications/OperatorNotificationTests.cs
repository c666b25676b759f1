using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>Operators hear of the service's troubles — a rotation given up, a device gone silent — and nobody else does.</summary>
public sealed class OperatorNotificationTests
{
    [Fact]
    public async Task Operators_hear_of_a_rotation_given_up_and_the_cars_owner_does_not()
    {
        await using var service = await TestService.StartAsync();
        await using var world = await NotificationWorld.StartAsync(service);
        var (_, secondOperator) = await service.CreateUserAsync("operator-2", asOperator: true);
        await world.Car.DisconnectAsync();
        world.Car.RotatesToIgnore = 3;

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{world.Car.Id:x16}" } });
        var rotationId = started[0].GetProperty("id").GetInt64();
        await RotationAckTests.WaitForStateAsync(service, rotationId, "gave-up");

        foreach (var operatorClient in new[] { service.Operator, secondOperator })
        {
            var gaveUp = await NotificationWorld.WaitForAsync(operatorClient, "rotation.gave-up");
            Assert.Equal($"{world.Car.Id:x16}", gaveUp.GetProperty("deviceId").GetString());
            Assert.Equal(rotationId.ToString(), NotificationWorld.Data(gaveUp, "rotation"));
        }

        foreach (var user in new[] { world.Owner.Client, world.Renter.Client, world.Stranger.Client })
        {
            Assert.DoesNotContain(await NotificationWorld.FeedAsync(user), n => n.GetProperty("type").GetString() == "rotation.gave-up");
        }
    }

    [Fact]
    public async Task Operators_hear_once_of_a_device_silent_past_its_heartbeat()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Notifications.SilentAfter = TimeSpan.FromSeconds(1));
        await using var car = await Fleet.OnlineAsync(service, "car-quiet");

        var silent = await NotificationWorld.WaitForAsync(service.Operator, "device.silent");
        Assert.Equal($"{car.Id:x16}", silent.GetProperty("deviceId").GetString());

        // Many looks later (a second car has had time to fall silent too), the first is still reported once.
        await using var second = await Fleet.OnlineAsync(service, "car-quiet-2");
        await NotificationWorld.WaitForAsync(service.Operator, "device.silent", n => n.GetProperty("deviceId").GetString() == $"{second.Id:x16}");
        var feed = await NotificationWorld.FeedAsync(service.Operator);
        Assert.Single(feed, n => n.GetProperty("type").GetString() == "device.silent" && n.GetProperty("deviceId").GetString() == $"{car.Id:x16}");
        Assert.Single((await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/audit?action=device.silent&target=device:{car.Id:x16}")).EnumerateArray());
    }
}
