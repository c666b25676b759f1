using System.Net;
using System.Net.Sockets;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Users;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>
/// One test's world: the live service, the operator's shell (`sharekey` with the operator token),
/// users with phones, and the simulated cars and parking locks it powers on, in a test environment of
/// its own. Disposing powers every device off, stops the service, deletes the folders, and fails the test
/// if the service or a device logged an error the test did not declare, or a task exception went unobserved.
/// </summary>
public sealed class Rig : IAsyncDisposable
{
    private readonly List<ISimulatedDevice> _powered = [];
    private readonly string _folder;

    private Rig(TestEnvironment environment, LiveService service)
    {
        Environment = environment;
        Service = service;
        Log = new CarLog(environment);
        _folder = environment.TempFolder("sharekey-e2e-");
    }

    /// <summary>The test's environment: where a test declares the errors it provokes on purpose.</summary>
    public TestEnvironment Environment { get; }

    public LiveService Service { get; }

    public CarLog Log { get; }

    /// <summary>
    /// The service with its rotation timing set by <paramref name="rotation"/>, its notification settings by
    /// <paramref name="notifications"/>, its rental policy by <paramref name="rentals"/> and anything else (parking, reservations)
    /// by <paramref name="service"/> (defaults: `sharekey serve`'s own).
    /// </summary>
    public static async Task<Rig> StartAsync(
        Action<RotationOptions>? rotation = null,
        Action<ShareKey.KeyService.Notifications.NotificationOptions>? notifications = null,
        Action<ShareKey.KeyService.Rentals.RentalPolicyOptions>? rentals = null,
        Action<ServiceOptions>? service = null)
    {
        var environment = new TestEnvironment();
        try
        {
            return new(environment, await LiveService.StartAsync(environment, rotation ?? (_ => { }), notifications ?? (_ => { }), rentals ?? (_ => { }), service ?? (_ => { })));
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>A file in the rig's folder (deleted with it).</summary>
    public string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>`sharekey ARGS` as the operator.</summary>
    public Task<CliResult> OperatorAsync(params string[] args) => Cli.RunAsync([.. args, "--url", Service.Url, "--token", Service.OperatorToken]);

    /// <summary>`sharekey ARGS --json` as the operator, which must succeed, read into the API's DTO <typeparamref name="T"/>.</summary>
    public async Task<T> OperatorJsonAsync<T>(params string[] args) => (await OperatorAsync([.. args, "--json"])).Read<T>();

    /// <summary>`sharekey device provision` (a T-BOX, or <paramref name="kind"/> "parking-lock") into a file, read back with the firmware's own parser; the board gets an empty flash folder.</summary>
    public async Task<Board> ProvisionAsync(string name, string kind = "tbox")
    {
        var file = Path.Combine(_folder, name + ".conf");
        var provisioned = await OperatorJsonAsync<ShareKey.KeyService.Provisioning.DeviceApi.ProvisionedDto>("device", "provision", "--kind", kind, "--name", name, "--out", file);
        return new Board(provisioned.Device.Id, name, BoardConfigFile.Read(file), BoardFlash.InFolder(Path.Combine(_folder, "flash-" + name)), file);
    }

    /// <summary>`sharekey user create` and a phone with its own wallet for that user.</summary>
    public async Task<UserPhone> PhoneOfAsync(string userName)
    {
        var created = await OperatorJsonAsync<UserApi.CreatedUser>("user", "create", userName);
        return new UserPhone(Service.Url, userName, created.User.Id, created.Token, Path.Combine(_folder, "wallet-" + userName));
    }

    /// <summary>
    /// Powers the board on in a car whose PEPS module and modem answer <paramref name="vin"/> and
    /// <paramref name="imsi"/> (default: derived from the device id). Online, it returns once the car is
    /// connected and subscribed; offline, its modem can reach no broker (a closed port), as under ground.
    /// </summary>
    public async Task<SimulatedTBox> PowerOnAsync(Board board, string? vin = null, string? imsi = null, bool online = true)
    {
        var car = new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = board.Config,
            Flash = board.Flash,
            Vin = vin,
            Imsi = imsi,
            Broker = online ? null : new BrokerAddress("127.0.0.1", ClosedPort()),
            Log = Log,
        });
        lock (_powered)
        {
            _powered.Add(car);
        }

        await car.StartAsync();
        if (online)
        {
            await car.Online.WaitAsync(Eventually.DefaultTimeout);
        }

        return car;
    }

    /// <summary>
    /// Powers a parking lock's board on at its space, its parts and timings as <paramref name="tune"/>
    /// sets them. Online, it returns once connected and subscribed; offline, no broker is reachable.
    /// A lock powered on again after <see cref="PowerOffAsync"/> is a new installation over the same
    /// flash: give it the arm where the old one stopped (<see cref="SimulatedParkingLockOptions.StartRaised"/>).
    /// </summary>
    public async Task<SimulatedParkingLock> PowerOnLockAsync(Board board, Func<SimulatedParkingLockOptions, SimulatedParkingLockOptions>? tune = null, bool online = true)
    {
        var options = new SimulatedParkingLockOptions
        {
            Config = board.Config,
            Flash = board.Flash,
            Broker = online ? null : new BrokerAddress("127.0.0.1", ClosedPort()),
            Log = Log,
        };
        var parkingLock = new SimulatedParkingLock(tune is null ? options : tune(options));
        lock (_powered)
        {
            _powered.Add(parkingLock);
        }

        await parkingLock.StartAsync();
        if (online)
        {
            await parkingLock.Online.WaitAsync(Eventually.DefaultTimeout);
        }

        return parkingLock;
    }

    /// <summary>A fresh parking lock powered on and brought into service: its first rotation (epoch 1) confirmed and committed.</summary>
    public async Task<SimulatedParkingLock> LockInServiceAsync(Board board, Func<SimulatedParkingLockOptions, SimulatedParkingLockOptions>? tune = null)
    {
        var parkingLock = await PowerOnLockAsync(board, tune);
        await Eventually.GetAsync(
            () => RotationsAsync(board),
            rotations => rotations.Count > 0 && rotations.All(r => r.State == RotationState.Confirmed),
            $"{board.Name}'s first rotation confirmed");
        await parkingLock.WaitForAsync(s => s is { ActiveEpoch: 1, BackupEpoch: 0 }).WaitAsync(Eventually.DefaultTimeout);
        return parkingLock;
    }

    /// <summary>A power cut: the flash keeps what was written.</summary>
    public async Task PowerOffAsync(ISimulatedDevice car)
    {
        lock (_powered)
        {
            _powered.Remove(car);
        }

        await car.StopAsync();
    }

    /// <summary>A fresh board powered on and brought into service: VIN bound, its first rotation (epoch 1) confirmed and committed.</summary>
    public async Task<SimulatedTBox> CarInServiceAsync(Board board)
    {
        var car = await PowerOnAsync(board);
        await Eventually.GetAsync(
            () => RotationsAsync(board),
            rotations => rotations.Count > 0 && rotations.All(r => r.State == RotationState.Confirmed),
            $"{board.Name}'s first rotation confirmed");
        await Eventually.TrueAsync(() => car.Status() is { ActiveEpoch: 1, BackupEpoch: 0, BindPending: false }, $"{board.Name} holding epoch 1 alone, VIN bound");
        return car;
    }

    /// <summary>GET /v1/rotations for one device, newest first.</summary>
    public Task<List<RotationDto>> RotationsAsync(Board board) => Service.Operator.GetAsync<List<RotationDto>>($"/v1/rotations?deviceId={board.Id}");

    public async ValueTask DisposeAsync()
    {
        ISimulatedDevice[] devices;
        lock (_powered)
        {
            devices = [.. _powered];
        }

        try
        {
            foreach (var device in devices)
            {
                await device.StopAsync();
            }

            await Service.DisposeAsync();
        }
        finally
        {
            await Environment.DisposeAsync();
        }
    }

    /// <summary>A loopback port nothing listens on: a modem with no coverage gets its connection refused.</summary>
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
