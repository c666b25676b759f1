using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// Occupancy (R2.9) from a lock's real Event batches over MQTT: stored per space, current state and
/// history, unknown (not free) once the lock is silent past the stale limit, a ReportRequest sent
/// through the outbox and its answer, the garage's counts and coloured map; managers see their
/// spaces, operators all, anyone else nothing. On SQLite and PostgreSQL.
/// </summary>
public sealed class OccupancyTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Reports_become_state_and_history_and_a_silent_lock_shows_unknown(string storage)
    {
        // A report counts from when the service received it, so the window must also cover the time
        // the frame waits to be applied and the polls that look for it on a loaded machine.
        await using var service = await TestService.StartAsync(storage, options => options.Parking.OccupancyStaleAfter = TimeSpan.FromSeconds(10));
        await using var lockG01 = await Support.Parking.LockOnlineAsync(service, "lock-g01");
        var file = GarageFiles.Example();
        foreach (var name in GarageFiles.LockNames(file).Where(name => name != "lock-g01"))
        {
            await service.ProvisionAsync(name, "parking-lock");
        }

        var imported = await GarageFiles.ImportAsync(service, file);
        var garageId = imported.Garage.Id;
        var g01 = GarageFiles.SpaceId(imported, "G-01");
        var (managerId, manager) = await service.CreateUserAsync("occupancy-manager");
        var (_, stranger) = await service.CreateUserAsync("occupancy-stranger");
        await Support.Parking.MakeManagerAsync(service, lockG01.Id, managerId);

        var before = await TestService.GetAsync<SpaceOccupancyDto>(manager, $"/v1/spaces/{g01}/occupancy");
        Assert.Equal(OccupancyState.Unknown, before.State);
        Assert.Empty(before.History);
        await AssertProblemAsync(await stranger.GetAsync($"/v1/spaces/{g01}/occupancy"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.GetAsync($"/v1/garages/{garageId}/occupancy"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.PostAsync($"/v1/spaces/{g01}/report", null), HttpStatusCode.Forbidden, "forbidden");

        await SendOccupancyAsync(lockG01, occupied: true, why: 0);
        await Eventually.TrueAsync(async () => await StateAsync(manager, g01) == OccupancyState.Occupied, "G-01 occupied");

        var garage = await TestService.GetAsync<GarageOccupancyDto>(manager, $"/v1/garages/{garageId}/occupancy");
        Assert.Equal(["G-01"], garage.Spaces.Select(s => s.SpaceId));
        var all = await TestService.GetAsync<GarageOccupancyDto>(service.Operator, $"/v1/garages/{garageId}/occupancy");
        Assert.Equal((1, 0, 4), (all.Occupied, all.Free, all.Unknown));

        // Silent past the limit: unknown, never "still occupied" or "free".
        await Eventually.TrueAsync(async () => await StateAsync(manager, g01) == OccupancyState.Unknown, "G-01 unknown once silent", TimeSpan.FromSeconds(40));

        using var asked = await manager.PostAsync($"/v1/spaces/{g01}/report", null);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var request = await lockG01.WaitForAsync<ReportRequestMessage>();
        Assert.Equal((await asked.ReadAsync<ReportRequestedDto>()).MessageId, request.MessageId);
        await SendOccupancyAsync(lockG01, occupied: false, why: 2);
        await Eventually.TrueAsync(async () => await StateAsync(manager, g01) == OccupancyState.Free, "G-01 free after the report");

        var history = (await TestService.GetAsync<SpaceOccupancyDto>(manager, $"/v1/spaces/{g01}/occupancy?limit=10")).History;
        Assert.Equal([(OccupancyReason.Asked, false), (OccupancyReason.Change, true)], history.Select(h => (h.Reason, h.Occupied)));
    }

    [Fact]
    public async Task The_occupancy_map_colours_spaces_occupied_free_and_unknown()
    {
        await using var service = await TestService.StartAsync();
        await using var lockG01 = await Support.Parking.LockOnlineAsync(service, "lock-g01");
        await using var lockG02 = await Support.Parking.LockOnlineAsync(service, "lock-g02");
        var file = GarageFiles.Example();
        foreach (var name in GarageFiles.LockNames(file).Where(name => name is not ("lock-g01" or "lock-g02")))
        {
            await service.ProvisionAsync(name, "parking-lock");
        }

        var imported = await GarageFiles.ImportAsync(service, file);
        await SendOccupancyAsync(lockG01, occupied: true, why: 0);
        await SendOccupancyAsync(lockG02, occupied: false, why: 1);
        await Eventually.TrueAsync(async () => await StateAsync(service.Operator, GarageFiles.SpaceId(imported, "G-02")) == OccupancyState.Free, "G-02 free");
        await Eventually.TrueAsync(async () => await StateAsync(service.Operator, GarageFiles.SpaceId(imported, "G-01")) == OccupancyState.Occupied, "G-01 occupied");

        var garageId = imported.Garage.Id;
        using var response = await service.Operator.GetAsync($"/v1/garages/{garageId}/occupancy/map");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var store = service.Services.GetRequiredService<IKeyStore>();
        await using var session = await store.BeginAsync(CancellationToken.None);
        var garage = (await session.Garages.GetAsync(Ids.Parse(garageId, "garage"), CancellationToken.None))!;
        var layout = new MapLayout(garage, garage.Map!);
        var picture = await Chromium.ScreenshotAsync(await response.Content.ReadAsStringAsync(), layout.Width, layout.Height);

        Assert.Equal(MapPicture.Occupied, Colour(picture, layout, 0, 7.25, 5.25));
        Assert.Equal(MapPicture.Free, Colour(picture, layout, 0, 10.75, 5.25));
        Assert.Equal(MapPicture.Unknown, Colour(picture, layout, 0, 27.25, 16.25));
        Assert.Equal(MapPicture.Unknown, Colour(picture, layout, -1, 7.25, 5.25));
    }

    private static Task SendOccupancyAsync(ScriptedDevice device, bool occupied, byte why) =>
        device.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Occupancy, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, why, (short)(occupied ? 1 : 0))] });

    private static async Task<OccupancyState> StateAsync(HttpClient client, string spaceId) =>
        (await TestService.GetAsync<SpaceOccupancyDto>(client, $"/v1/spaces/{spaceId}/occupancy")).State;

    /// <summary>The pixel's colour as one of the map's, when it is within a rounding of one.</summary>
    private static string Colour(Png picture, MapLayout layout, int level, double x, double y)
    {
        var (px, py) = layout.Pixel(level, x, y);
        var (r, g, b) = picture.At((int)Math.Round(px), (int)Math.Round(py));
        foreach (var known in new[] { MapPicture.Occupied, MapPicture.Free, MapPicture.Unknown, MapPicture.Plain })
        {
            var want = (int.Parse(known.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(known.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(known.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (Math.Abs(r - want.Item1) <= 8 && Math.Abs(g - want.Item2) <= 8 && Math.Abs(b - want.Item3) <= 8)
            {
                return known;
            }
        }

        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
