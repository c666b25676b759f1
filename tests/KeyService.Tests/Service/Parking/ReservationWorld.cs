using System.Net.Http.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// A garage with spaces, each bound to a scripted parking lock that came up like a real one, a
/// manager holding every lock's owner key, and renters — what the reservation tests stand on.
/// </summary>
public sealed class ReservationWorld : IAsyncDisposable
{
    private readonly List<ScriptedDevice> locks = [];

    private ReservationWorld(TestService service) => Service = service;

    public TestService Service { get; }

    public (string Id, HttpClient Client) Manager { get; private set; }

    public List<(string Id, ScriptedDevice Lock)> Spaces { get; } = [];

    /// <summary>A service with <paramref name="spaces"/> spaces, each with the rules given (minutes, as the API takes them).</summary>
    public static async Task<ReservationWorld> StartAsync(string storage, int spaces = 1, object? rules = null, Action<ServiceOptions>? configure = null)
    {
        var world = new ReservationWorld(await TestService.StartAsync(storage, configure));
        try
        {
            world.Manager = await world.Service.CreateUserAsync("space-manager");
            var garage = (await Support.Parking.CreateGarageAsync(world.Service, "Harbour garage")).Id;
            for (var i = 0; i < spaces; i++)
            {
                var device = await Support.Parking.LockOnlineAsync(world.Service, $"lock-{i}");
                world.locks.Add(device);
                var space = await world.Service.Operator.PostAsync<SpaceDto>(
                    "/v1/spaces", new { garageId = garage, spaceId = $"B1-{i:00}", level = 0, lockId = $"{device.Id:x16}", rules });
                await Support.Parking.MakeManagerAsync(world.Service, device.Id, world.Manager.Id);
                world.Spaces.Add((space.Id, device));
            }

            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public string SpaceId => Spaces[0].Id;

    public ScriptedDevice Lock => Spaces[0].Lock;

    public Task<HttpResponseMessage> ReserveAsync(HttpClient client, DateTimeOffset start, DateTimeOffset end, string? spaceId = null, string? userId = null) =>
        client.PostAsJsonAsync("/v1/reservations", new { spaceId = spaceId ?? SpaceId, startTime = start, endTime = end, userId }, Json.Options);

    /// <summary>Reserves and returns the answer (reservation and key), failing the test on a refusal.</summary>
    public async Task<ReservationApi.MadeReservation> ReservedAsync(HttpClient client, DateTimeOffset start, DateTimeOffset end, string? spaceId = null)
    {
        using var response = await ReserveAsync(client, start, end, spaceId);
        return await response.ReadAsync<ReservationApi.MadeReservation>();
    }

    /// <summary>The lock reports its sensor, as the board does on a change (detail 0) or in its heartbeat (detail 1).</summary>
    public static Task ReportOccupancyAsync(ScriptedDevice device, bool occupied, DateTimeOffset at, byte detail = 0) =>
        device.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Occupancy, (uint)at.ToUnixTimeSeconds(), 0, detail, (short)(occupied ? 1 : 0))] });

    public async ValueTask DisposeAsync()
    {
        foreach (var device in locks)
        {
            await device.DisposeAsync();
        }

        await Service.DisposeAsync();
    }
}
