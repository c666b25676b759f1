using System.CommandLine;
using ShareKey.KeyService.Hosting;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey demo [--data DIR] [--http URL] [--mqtt-port N] [--exit-after-story]`: starts the service
/// on its defaults (a throwaway data folder unless --data), a simulated car and a phone, walks the
/// whole story live, then leaves everything running and prints how to poke at it.
/// </summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<string?>("--data") { Description = "Data folder to keep (default: a new throwaway folder under the system's temp folder)." };
        var http = new Option<string>("--http") { Description = "URL the HTTP API listens on.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var mqttPort = new Option<int>("--mqtt-port") { Description = "Port of the in-process MQTT broker (0 = any free port).", DefaultValueFactory = _ => 0 };
        var exitAfterStory = new Option<bool>("--exit-after-story") { Description = "Stop once the story is told (exit 0 if it went as it should, 2 if not)." };
        var command = new Command("demo", "Start the service, a simulated car and a phone, and walk the whole story live: provision, bind, rent, unlock, return, rotate, old key refused.")
        {
            data, http, mqttPort, exitAfterStory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data) ?? Directory.CreateTempSubdirectory("sharekey-demo-").FullName;
            var options = new ServiceOptions { DataDirectory = folder, InstanceName = "demo" };
            options.Broker.Port = parse.GetValue(mqttPort);
            options.Broker.PublicHost = "127.0.0.1";
            StartedService service;
            try
            {
                // The story is the output: the service's own lines only from Warning up.
                service = await ServiceApp.BuildAsync(options, parse.GetValue(http)!, TextWriter.Null, web =>
                    web.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:ShareKey"] = "Warning" }));
            }
            catch (Exception failed) when (failed is InvalidOperationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                error.WriteLine($"sharekey demo: cannot start: {failed.Message}");
                if (parse.GetValue(data) is null)
                {
                    Directory.Delete(folder, recursive: true);
                }

                return ExitCodes.Runtime;
            }

            if (service.FirstOperatorToken is not { } token)
            {
                error.WriteLine($"sharekey demo: {folder} was used before; give a new --data folder (the operator token is printed only on a first start).");
                await service.App.DisposeAsync();
                return ExitCodes.Usage;
            }

            var app = service.App;
            await app.StartAsync(cancellationToken);
            var url = app.Urls.First();
            output.WriteLine($"ShareKey demo: the KeyService on {url} (MQTT broker on port {service.BrokerPort}), data in {folder}");
            var story = new DemoStory(url, token, folder, output);
            try
            {
                var ok = await TellAsync(story, output, cancellationToken);
                if (!parse.GetValue(exitAfterStory))
                {
                    PrintHowToPoke(output, url, token, folder, story);
                    await WaitForCtrlCAsync(cancellationToken);
                }

                return ok ? ExitCodes.Success : ExitCodes.Runtime;
            }
            finally
            {
                if (story.Car is { } car)
                {
                    await car.DisposeAsync();
                }

                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                // A story told to the end with no --data leaves nothing anyone asked to keep: its throwaway folder goes.
                // Left running, the demo keeps its folder for poking at afterwards, as it says.
                if (parse.GetValue(data) is null && parse.GetValue(exitAfterStory))
                {
                    Directory.Delete(folder, recursive: true);
                    output.WriteLine($"Removed the throwaway data folder {folder} (give --data DIR to keep one).");
                }
            }
        });
        return command;
    }

    private static async Task<bool> TellAsync(DemoStory story, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            return await story.RunAsync(cancellationToken);
        }
        catch (Exception failed) when (failed is InvalidOperationException or TimeoutException)
        {
            output.WriteLine($"The demo stopped: {failed.Message}");
            return false;
        }
    }

    private static async Task WaitForCtrlCAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the car, the broker and the service stop below.
        }
    }

    private static void PrintHowToPoke(TextWriter output, string url, string token, string folder, DemoStory story)
    {
        output.WriteLine();
        output.WriteLine("Everything keeps running until Ctrl+C. From another shell:");
        output.WriteLine($"  export SHAREKEY_URL={url}");
        output.WriteLine($"  export SHAREKEY_TOKEN={token}        # the operator");
        output.WriteLine($"  sharekey vehicle show {DemoStory.Vin}");
        output.WriteLine("  sharekey rotation list");
        output.WriteLine("  sharekey audit list");
        output.WriteLine($"  sharekey device list");
        if (story.AliceToken is { } alice && story.Car?.BleEndPoint is { } bridge)
        {
            output.WriteLine("As alice, with her phone's wallet:");
            output.WriteLine($"  SHAREKEY_TOKEN={alice} XDG_DATA_HOME={story.AliceWallet} sharekey rental start --vin {DemoStory.Vin} --hours 1");
            output.WriteLine($"  SHAREKEY_TOKEN={alice} XDG_DATA_HOME={story.AliceWallet} sharekey phone fetch <key id>");
            output.WriteLine($"  SHAREKEY_TOKEN={alice} XDG_DATA_HOME={story.AliceWallet} sharekey phone unlock <key id> --bridge 127.0.0.1:{bridge.Port}");
        }

        output.WriteLine($"The data folder {folder} stays after the demo; delete it when done.");
    }
}
