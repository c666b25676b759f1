using System.Net;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Tests.Fixtures;
using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// A broker (the in-process one with the device ACL, or mosquitto), a scripted cloud on it, and the
/// simulated cars a test starts, in a test environment of its own. Disposing stops everything and fails
/// the test on any error the simulator or the broker logged that the test did not declare, on an
/// unobserved task exception, and on any up frame the cloud could not authenticate.
/// </summary>
public sealed class SimEnvironment : IAsyncDisposable
{
    private static long _nextDevice = 0x5349_4D00_0000_0000 + (Random.Shared.Next() & 0xFFFFFF) * 0x100L;

    private MqttBroker? _broker;
    private MosquittoBroker? _mosquitto;
    private readonly List<ISimulatedDevice> _cars = [];

    private SimEnvironment() => Log = new TestLog(Environment);

    /// <summary>The test's environment: where a test declares the errors it provokes on purpose.</summary>
    public TestEnvironment Environment { get; } = new();

    public DeviceAccounts Accounts { get; } = new();

    public TestLog Log { get; }

    public ScriptedCloud Cloud { get; private set; } = null!;

    public int Port => _broker?.TcpEndPoint!.Port ?? _mosquitto!.Port;

    public static async Task<SimEnvironment> StartAsync(bool mosquitto = false)
    {
        SimEnvironment environment = new();
        if (mosquitto)
        {
            // Anonymous logins: the in-process broker runs the device ACL; this one proves the simulator against a broker we did not write.
            environment._mosquitto = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = true });
        }
        else
        {
            environment._broker = new MqttBroker(new MqttBrokerOptions
            {
                TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Authenticator = environment.Accounts,
                Authorizer = environment.Accounts,
                Logger = new MqttErrorLog(environment.Environment),
            });
            await environment._broker.StartAsync();
        }

        environment.Cloud = await ScriptedCloud.ConnectAsync(environment.Port, environment.Environment);
        return environment;
    }

    /// <summary>A car the cloud has provisioned (its keys known here, its account on the broker); not started.</summary>
    public TestDevice NewDevice()
    {
        TestDevice device = new((ulong)Interlocked.Increment(ref _nextDevice));
        Accounts.Add(device);
        Cloud.Register(device);
        return device;
    }

    /// <summary>Starts a simulated car for <paramref name="device"/> and waits until it is connected and subscribed.</summary>
    public async Task<SimulatedTBox> StartCarAsync(TestDevice device, BoardFlash? flash = null, string extraConfig = "", string? vin = null, int? rssiOverride = null)
    {
        SimulatedTBox car = new(new SimulatedTBoxOptions
        {
            Config = device.Config(Port, extraConfig),
            Flash = flash,
            Vin = vin,
            RssiOverride = rssiOverride,
            Log = Log,
        });
        lock (_cars)
        {
            _cars.Add(car);
        }

        await car.StartAsync();
        await car.Online.WaitAsync(TestTimeouts.Signal);
        return car;
    }

    /// <summary>A started car whose VIN is bound, holding epoch 1 and the cloud's time: ready to unlock.</summary>
    public async Task<SimulatedTBox> ProvisionedCarAsync(TestDevice device, BoardFlash? flash = null, string extraConfig = "")
    {
        SimulatedTBox car = await StartCarAsync(device, flash, extraConfig);
        BindRequestMessage request = await Cloud.Inbox.NextAsync<BindRequestMessage>(device.DeviceId);
        await Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.BindResult(device, BindOutcome.Bound, request.Vin));
        Assert.Equal(AckStatus.Applied, (await Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.Rotate(device, 1))).Status);
        Assert.Equal(AckStatus.Applied, (await Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.TimeSync(device, ScriptedCloud.Now))).Status);
        return car;
    }

    /// <summary>Starts a simulated parking lock for <paramref name="device"/> (settings and parts as <paramref name="tune"/> says) and waits until it is connected and subscribed.</summary>
    public async Task<SimulatedParkingLock> StartLockAsync(TestDevice device, Func<SimulatedParkingLockOptions, SimulatedParkingLockOptions>? tune = null, BoardFlash? flash = null)
    {
        SimulatedParkingLockOptions options = new() { Config = device.Config(Port, kind: "parking-lock"), Flash = flash, Log = Log };
        SimulatedParkingLock parkingLock = new(tune is null ? options : tune(options));
        lock (_cars)
        {
            _cars.Add(parkingLock);
        }

        await parkingLock.StartAsync();
        await parkingLock.Online.WaitAsync(TestTimeouts.Signal);
        return parkingLock;
    }

    /// <summary>A started lock holding epoch 1 and the cloud's time: ready to unlock (a lock has no VIN to bind).</summary>
    public async Task<SimulatedParkingLock> ProvisionedLockAsync(TestDevice device, Func<SimulatedParkingLockOptions, SimulatedParkingLockOptions>? tune = null)
    {
        SimulatedParkingLock parkingLock = await StartLockAsync(device, tune);
        Assert.Equal(AckStatus.Applied, (await Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.Rotate(device, 1))).Status);
        Assert.Equal(AckStatus.Applied, (await Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.TimeSync(device, ScriptedCloud.Now))).Status);
        return parkingLock;
    }

    /// <summary>Stops a car as a power cut would (its flash keeps what was written).</summary>
    public async Task StopCarAsync(SimulatedTBox car)
    {
        lock (_cars)
        {
            _cars.Remove(car);
        }

        await car.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        ISimulatedDevice[] cars;
        lock (_cars)
        {
            cars = [.. _cars];
        }

        try
        {
            foreach (ISimulatedDevice car in cars)
            {
                await car.StopAsync();
            }

            await Cloud.DisposeAsync();
            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }

            if (_mosquitto is not null)
            {
                await _mosquitto.DisposeAsync();
            }
        }
        finally
        {
            await Environment.DisposeAsync();
        }

        Assert.True(Cloud.Rejected.IsEmpty, "the cloud got up frames it could not authenticate:\n" + string.Join('\n', Cloud.Rejected));
    }
}
