using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Rotation;
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

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{world.Car.Id:x16}" } });
        var rotationId = started[0].Id;
        await RotationAckTests.WaitForStateAsync(service, rotationId, RotationState.GaveUp);

        foreach (var operatorClient in new[] { service.Operator, secondOperator })
        {
            var gaveUp = await NotificationWorld.WaitForAsync(operatorClient, NotificationType.RotationGaveUp);
            Assert.Equal($"{world.Car.Id:x16}", gaveUp.DeviceId);
            Assert.Equal(rotationId.ToString(), NotificationWorld.Data(gaveUp, "rotation"));
        }

        foreach (var user in new[] { world.Owner.Client, world.Renter.Client, world.Stranger.Client })
        {
            Assert.DoesNotContain(await NotificationWorld.FeedAsync(user), n => n.Type == NotificationType.RotationGaveUp);
        }
    }

    [Fact]
    public async Task Operators_hear_once_of_a_device_silent_past_its_heartbeat()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Notifications.SilentAfter = TimeSpan.FromSeconds(1));
        await using var car = await Fleet.OnlineAsync(service, "car-quiet");

        var silent = await NotificationWorld.WaitForAsync(service.Operator, NotificationType.DeviceSilent);
        Assert.Equal($"{car.Id:x16}", silent.DeviceId);

        // Many looks later (a second car has had time to fall silent too), each silence of the first is
        // still reported once. On a loaded machine the car may have answered a resend a second after its
        // first frames — a second silence, from a later last-seen time, rightly reported on its own.
        await using var second = await Fleet.OnlineAsync(service, "car-quiet-2");
        await NotificationWorld.WaitForAsync(service.Operator, NotificationType.DeviceSilent, n => n.DeviceId == $"{second.Id:x16}");
        var feed = await NotificationWorld.FeedAsync(service.Operator, "?limit=500");
        var reports = await service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?action=device.silent&target=device:{car.Id:x16}");
        Assert.NotEmpty(reports);
        Assert.Equal(reports.Count, reports.Select(report => report.Detail.Split(' ')[0]).Distinct().Count());
        Assert.Equal(reports.Count, feed.Count(n => n.Type == NotificationType.DeviceSilent && n.DeviceId == $"{car.Id:x16}"));
    }
}
