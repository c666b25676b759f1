using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>
/// The routes that only read use read sessions: on SQLite they answer beside the one writer while a
/// write session holds it. Before, each took a write session of its own, so every such GET queued
/// for the writer (behind the uplinks, the pipeline, the outbox sender) and held writes up while it
/// read. PostgreSQL is not asked: its write sessions never waited for each other to read.
/// </summary>
public sealed class ReadsBesideWriterTests
{
    [Fact]
    public async Task Every_read_route_answers_while_a_write_session_holds_the_writer()
    {
        await using var service = await TestService.StartAsync();
        await using var world = await NotificationWorld.StartAsync(service);
        await using var parkingLock = await Support.Parking.LockOnlineAsync(service, "lock-r1");
        var garage = await Support.Parking.CreateGarageAsync(service, "Reads");
        var space = await Support.Parking.CreateSpaceAsync(service, garage.Id, "R1", parkingLock.Id);
        var rotation = Assert.Single(await Fleet.RotationsAsync(service.Operator, world.Car));
        var car = $"{world.Car.Id:x16}";

        (HttpClient Client, string Path, HttpStatusCode Status)[] reads =
        [
            (service.Operator, "/v1/devices", HttpStatusCode.OK),
            (service.Operator, $"/v1/devices/{car}", HttpStatusCode.OK),
            (service.Operator, $"/v1/devices/{car}/keys", HttpStatusCode.OK),
            (service.Operator, $"/v1/devices/{car}/events", HttpStatusCode.OK),
            (service.Operator, $"/v1/devices/{car}/outbox", HttpStatusCode.OK),
            (service.Operator, "/v1/audit", HttpStatusCode.OK),
            (service.Operator, "/v1/rotations", HttpStatusCode.OK),
            (service.Operator, "/v1/rotations/summary", HttpStatusCode.OK),
            (service.Operator, $"/v1/rotations/{rotation.Id}", HttpStatusCode.OK),
            (service.Operator, "/v1/users", HttpStatusCode.OK),
            (world.Owner.Client, "/v1/users/me", HttpStatusCode.OK),
            (world.Owner.Client, $"/v1/users/{world.Owner.Id}", HttpStatusCode.OK),
            (world.Owner.Client, $"/v1/users/{world.Owner.Id}/tokens", HttpStatusCode.OK),
            (world.Renter.Client, "/v1/rentals", HttpStatusCode.OK),
            (service.Operator, $"/v1/vehicles/{NotificationWorld.Vin}", HttpStatusCode.OK),
            (world.Owner.Client, $"/v1/vehicles/{NotificationWorld.Vin}/remote-lock", HttpStatusCode.OK),
            (world.Owner.Client, "/v1/webhooks", HttpStatusCode.OK),
            // Read, then refused: no such endpoint.
            (world.Owner.Client, "/v1/webhooks/0000000000000001/deliveries", HttpStatusCode.NotFound),
            (world.Owner.Client, $"/v1/keys/{world.OwnerKeyId}/members", HttpStatusCode.OK),
            (service.Operator, "/v1/garages", HttpStatusCode.OK),
            (service.Operator, $"/v1/garages/{garage.Id}", HttpStatusCode.OK),
            (service.Operator, $"/v1/garages/{garage.Id}/occupancy", HttpStatusCode.OK),
            // Read, then refused: a garage created without a map has none to export or draw on.
            (service.Operator, $"/v1/garages/{garage.Id}/export", HttpStatusCode.Conflict),
            (service.Operator, $"/v1/spaces/{space.Id}/map", HttpStatusCode.Conflict),
            (service.Operator, "/v1/spaces", HttpStatusCode.OK),
            (service.Operator, $"/v1/spaces/{space.Id}", HttpStatusCode.OK),
            (service.Operator, $"/v1/spaces/{space.Id}/occupancy", HttpStatusCode.OK),
            (service.Operator, $"/v1/spaces/{space.Id}/availability", HttpStatusCode.OK),
            (service.Operator, "/v1/reservations", HttpStatusCode.OK),
        ];

        var store = service.Services.GetRequiredService<IKeyStore>();
        await using (var writer = await store.BeginAsync(CancellationToken.None))
        {
            foreach (var (client, path, status) in reads)
            {
                // Far longer than a read takes at load 30; a read queued for the writer never ends while it is held.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await client.GetAsync(path, deadline.Token);
                Assert.True(response.StatusCode == status, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
