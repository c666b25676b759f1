using System.Runtime.InteropServices;
using ShareKey.Simulator.Cli;
using ShareKey.Simulator.Control;
using ShareKey.Simulator.Devices;

namespace ShareKey.Simulator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ctl")
        {
            return await CtlCommand.RunAsync(args[1..]);
        }

        SimulatorOptions options;
        try
        {
            options = SimulatorOptions.Parse(args);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"sharekey-sim: {e.Message} (--help for usage)");
            return 1;
        }

        if (options.Help)
        {
            Console.WriteLine(HelpText.Usage);
            return 0;
        }

        ConsoleLog log = new(options.Quiet);
        List<ISimulatedDevice> devices;
        try
        {
            devices = DeviceSet.Build(options, log);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"sharekey-sim: {e.Message} (--help for usage)");
            return 1;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"sharekey-sim: {e.Message}");
            return 2;
        }

        return await RunAsync(new Fleet(devices), options.ControlPort, log);
    }

    /// <summary>Runs the fleet until Ctrl+C (SIGINT) or SIGTERM, then stops every device cleanly.</summary>
    private static async Task<int> RunAsync(Fleet fleet, int? controlPort, ConsoleLog log)
    {
        using CancellationTokenSource stop = new();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        await using (fleet)
        {
            await fleet.StartAsync();
            ControlServer? control = null;
            if (controlPort is { } port)
            {
                control = new ControlServer(new ControlCommands(fleet.Devices), port, log);
                try
                {
                    control.Start();
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    await Console.Error.WriteLineAsync($"sharekey-sim: --control {port}: {e.Message}");
                    return 2;
                }

                log.Info("simulator", $"control channel on {control.EndPoint}: sharekey-sim ctl --control {control.EndPoint.Port} help");
            }

            log.Info("simulator", $"{fleet.Devices.Count} device(s) running; Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                log.Info("simulator", "stopping");
            }

            if (control is not null)
            {
                await control.DisposeAsync();
            }
        }

        log.Info("simulator", "stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
