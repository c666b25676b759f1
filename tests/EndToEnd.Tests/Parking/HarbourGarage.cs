using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.ParkingLock;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.Simulator.Devices;

namespace ShareKey.EndToEnd.Tests.Parking;

/// <summary>
/// The repository's example garage (docs/examples/harbour-garage.json: two floors, five spaces, each
/// with its own parking lock) imported by the operator with `sharekey garage import`, each space's
/// rules as the test sets them (minutes, as the file takes them). Every lock the file names is
/// provisioned; those the test works with are powered on in the simulator and brought into service.
/// </summary>
public sealed class HarbourGarage
{
    private readonly Dictionary<string, string> _spaceIds;

    private HarbourGarage(string id, Dictionary<string, string> spaceIds, Dictionary<string, Board> boards, Dictionary<string, SimulatedParkingLock> locks)
    {
        Id = id;
        _spaceIds = spaceIds;
        Boards = boards;
        Locks = locks;
    }

    public string Id { get; }

    /// <summary>Each space's board, by its label (G-01 …).</summary>
    public Dictionary<string, Board> Boards { get; }

    /// <summary>The locks powered on, by their space's label.</summary>
    public Dictionary<string, SimulatedParkingLock> Locks { get; }

    public static async Task<HarbourGarage> ImportAsync(Rig rig, Dictionary<string, object> rules, params string[] poweredOn)
    {
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Shell.RepositoryRoot, "docs", "examples", "harbour-garage.json")))!.AsObject();
        var boards = new Dictionary<string, Board>();
        foreach (var space in file["floors"]!.AsArray().SelectMany(floor => floor!["spaces"]!.AsArray()).Select(space => space!.AsObject()))
        {
            var label = space["spaceId"]!.GetValue<string>();
            boards[label] = await rig.ProvisionAsync(space["lock"]!.GetValue<string>(), "parking-lock");
            if (rules.TryGetValue(label, out var own))
            {
                space["rules"] = JsonSerializer.SerializeToNode(own);
            }
        }

        var path = rig.PathOf("harbour-garage.json");
        await File.WriteAllTextAsync(path, file.ToJsonString());
        var imported = await rig.OperatorJsonAsync<MapApi.ImportedGarage>("garage", "import", path);
        var spaceIds = imported.Spaces.ToDictionary(s => s.SpaceId, s => s.Id);

        var locks = new Dictionary<string, SimulatedParkingLock>();
        foreach (var label in poweredOn)
        {
            locks[label] = await rig.LockInServiceAsync(boards[label], Quick);
        }

        return new HarbourGarage(imported.Garage.Id, spaceIds, boards, locks);
    }

    /// <summary>
    /// The board's timings, but no dwell, a 2 s close delay and a 1 s arm (the market's 50–70 s would
    /// make a slow test), and an occupancy heartbeat every 3 s (the board's 10 minutes would leave a
    /// no-show undecided that long).
    /// </summary>
    public static SimulatedParkingLockOptions Quick(SimulatedParkingLockOptions options) => options with
    {
        TravelMs = 1000,
        Settings = new LockSettings { DwellSeconds = 0, CloseDelaySeconds = 2, HeartbeatSeconds = 3 },
    };

    public string SpaceId(string label) => _spaceIds[label];

    public static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Waits (bounded) until the lock's status satisfies <paramref name="condition"/>; a time-out names the last status and what the lock logged.</summary>
    public static async Task SeenAsync(Rig rig, SimulatedParkingLock parkingLock, Func<ParkingLockStatus, bool> condition, TimeSpan? timeout = null)
    {
        try
        {
            await parkingLock.WaitForAsync(condition).WaitAsync(timeout ?? Eventually.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            var s = parkingLock.Status();
            throw new TimeoutException(
                $"{parkingLock.Name}: barrier {s.Position}, occupancy {s.Occupancy}, device time {s.DeviceTime}, bulletin {s.BulletinSequence}; its log:\n"
                + string.Join('\n', rig.Log.Lines.TakeLast(40)));
        }
    }

    /// <summary>GET /v1/spaces/{id}/occupancy (the operator) until its state is <paramref name="state"/>.</summary>
    public Task<SpaceOccupancyDto> OccupancyAsync(Rig rig, string label, OccupancyState state) =>
        Eventually.GetAsync(
            () => rig.Service.Operator.GetAsync<SpaceOccupancyDto>($"/v1/spaces/{SpaceId(label)}/occupancy"),
            o => o.State == state,
            $"space {label} {state} at the service");

    /// <summary>GET /v1/reservations/{id} (the operator) until its state is <paramref name="state"/>.</summary>
    public static Task<ReservationDto> ReservationAsync(Rig rig, string id, ReservationState state, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => rig.Service.Operator.GetAsync<ReservationDto>($"/v1/reservations/{id}"),
            r => r.State == state,
            $"reservation {id} {state}",
            timeout);
}
