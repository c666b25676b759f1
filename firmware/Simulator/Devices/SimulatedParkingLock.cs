using System.Net;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Protocol.Buffers;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Hardware;

namespace ShareKey.Simulator.Devices;

/// <summary>
/// One simulated parking lock at its space: the installation — barrier arm and motor with end stops
/// (<see cref="Barrier"/>), the space with a scriptable car (<see cref="Space"/>), the ultrasonic
/// sensor (<see cref="Sensor"/>), the battery, the flash — and, while it has power, the board
/// running the real <see cref="ParkingLockController"/>. Unlike a <see cref="SimulatedTBox"/> it can
/// be powered off and on again (<see cref="StopAsync"/>, <see cref="StartAsync"/>): the arm stays
/// where the cut left it, the car stays parked, the flash keeps what was written, and the BLE
/// bridge comes back on the same port.
/// </summary>
public sealed class SimulatedParkingLock : ISimulatedDevice
{
    private readonly SimulatedParkingLockOptions _options;
    private readonly SemaphoreSlim _power = new(1, 1);
    private readonly List<(Func<ParkingLockStatus, bool> Condition, TaskCompletionSource<ParkingLockStatus> Done)> _waiters = [];
    private LockBoard? _board;
    private IPEndPoint _bleEndPoint;

    public SimulatedParkingLock(SimulatedParkingLockOptions options)
    {
        if (options.Config.Kind != DeviceKind.ParkingLock)
        {
            throw new InvalidDataException($"{options.Config.Name}: the board file is for a T-BOX, not a parking lock");
        }

        options.Settings.Check();
        _options = options;
        _bleEndPoint = options.BleEndPoint;
        DeviceId = options.Config.DeviceId;
        Name = options.Config.Name;
        Source = $"{Name} {Hex.OfId(DeviceId)}";
        Flash = options.Flash ?? BoardFlash.InMemory();
        Space = new SimParkingSpace(line => options.Log.Info(Source, line));
        Sensor = new SimUltrasonicSensor(Space, options.SensorSeed ?? (int)(DeviceId ^ (DeviceId >> 32)));
        Barrier = new SimBarrier(options.TravelMs, options.StartRaised, line => options.Log.Info(Source, line)) { CarUnder = () => Space.CarPresent };
        Battery = new SimBattery(options.BatteryMillivolts);
    }

    public ulong DeviceId { get; }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.ParkingLock;

    public string Source { get; }

    public BoardFlash Flash { get; }

    public SimBarrier Barrier { get; }

    public SimParkingSpace Space { get; }

    public SimUltrasonicSensor Sensor { get; }

    public SimBattery Battery { get; }

    public LockSettings Settings => _options.Settings;

    /// <summary>How many times the board has booted in this process.</summary>
    public int Boots { get; private set; }

    public bool PoweredOn => _board is not null;

    /// <summary>The controller of the board now powered (throws while off).</summary>
    public ParkingLockController Controller => Board.Controller;

    /// <summary>Completes when the board now powered is connected and subscribed (each power-on connects anew).</summary>
    public Task Online => Board.Online;

    public IPEndPoint? BleEndPoint => _board?.BleEndPoint;

    public ParkingLockStatus Status() => Board.Controller.Status();

    /// <summary>The car drives in and parks over the sensor. Refused while the arm is above <see cref="SimBarrier.CarStopsRaiseAt"/> — no car drives over a raised barrier — unless <paramref name="anyway"/> (a car already there when the lock was installed).</summary>
    public void CarArrives(bool anyway = false)
    {
        double height = Barrier.Height;
        if (!anyway && height > SimBarrier.CarStopsRaiseAt)
        {
            throw new InvalidOperationException($"{Name}: the barrier is {Barrier.Describe()}, no car can drive in; unlock it first");
        }

        if (!Space.Arrive())
        {
            throw new InvalidOperationException($"{Name}: a car is already parked here");
        }
    }

    public void CarLeaves()
    {
        if (!Space.Leave())
        {
            throw new InvalidOperationException($"{Name}: the space is already empty");
        }
    }

    /// <summary>Power on: boots the controller from flash (finding the arm from the end stops), opens the BLE bridge, starts connecting and the simulation.</summary>
    public async Task StartAsync()
    {
        await _power.WaitAsync();
        try
        {
            if (_board is not null)
            {
                throw new InvalidOperationException($"{Name} is already powered on");
            }

            LockBoard board = new(this, _options);
            board.PowerOn(_bleEndPoint);
            _bleEndPoint = board.BleEndPoint ?? _bleEndPoint;
            Boots++;
            _board = board;
        }
        finally
        {
            _power.Release();
        }
    }

    /// <summary>A power cut: the board stops at once, the motor with it; nothing more is saved. Nothing to do when already off.</summary>
    public async Task StopAsync()
    {
        await _power.WaitAsync();
        try
        {
            if (_board is null)
            {
                return;
            }

            await _board.PowerOffAsync();
            _board = null;
            _options.Log.Info(Source, $"power off ({Barrier.Describe()})");
        }
        finally
        {
            _power.Release();
        }
    }

    /// <summary>
    /// Cuts the power while the arm is between its end stops and driven — a power cut mid-motion —
    /// waiting up to <paramref name="timeout"/> for a motion to be under way.
    /// </summary>
    public async Task CutPowerMidMotionAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await WaitForAsync(_ => Barrier.Drive != 0 && Barrier.Height is > 0.05 and < 0.95, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: the barrier did not move within {timeout.TotalSeconds:0.#} s ({Barrier.Describe()})");
        }

        await StopAsync();
    }

    /// <summary>Completes with the lock's status once <paramref name="condition"/> holds, checked after every simulation step (at once if it holds now).</summary>
    public Task<ParkingLockStatus> WaitForAsync(Func<ParkingLockStatus, bool> condition, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<ParkingLockStatus> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        LockBoard? board = _board;
        if (board is not null)
        {
            ParkingLockStatus now = board.Controller.Status();
            if (condition(now))
            {
                return Task.FromResult(now);
            }
        }

        lock (_waiters)
        {
            _waiters.Add((condition, done));
        }

        if (cancellationToken.CanBeCanceled)
        {
            CancellationTokenRegistration cancel = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            _ = done.Task.ContinueWith(_ => cancel.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>After each simulation step of the powered board: wakes the waiters whose condition now holds.</summary>
    internal void StepDone(ParkingLockController controller)
    {
        lock (_waiters)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            ParkingLockStatus status = controller.Status();
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Done.Task.IsCompleted)
                {
                    _waiters.RemoveAt(i);
                }
                else if (_waiters[i].Condition(status))
                {
                    _waiters[i].Done.TrySetResult(status);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private LockBoard Board => _board ?? throw new InvalidOperationException($"{Name} is powered off");
}
