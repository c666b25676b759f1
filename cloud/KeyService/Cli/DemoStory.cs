using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;

namespace ShareKey.KeyService.Cli;

/// <summary>
/// `sharekey demo`, the story itself: every step is the `sharekey` command a person would type
/// (run in this process against the service it started), and a simulated T-BOX running the real
/// firmware logic is the car. Provision, bind, rent, fetch, unlock, return, rotate, old key refused.
/// </summary>
public sealed class DemoStory(string url, string operatorToken, string dataDirectory, TextWriter output)
{
    public const string Vin = "1M8GDM9AXKP042788";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private int _step;

    /// <summary>The simulated car, left running after the story.</summary>
    public SimulatedTBox? Car { get; private set; }

    public string? AliceToken { get; private set; }

    public string? AliceKeyId { get; private set; }

    public string AliceWallet => Path.Combine(dataDirectory, "phone-alice");

    /// <summary>Walks the story; true when every step went as it should.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        Step("Provision a T-BOX for car-17: the service makes its root key and writes its board file");
        var board = Path.Combine(dataDirectory, "car-17.conf");
        var provisioned = await JsonAsync(operatorToken, "device", "provision", "--kind", "tbox", "--name", "car-17", "--out", board);
        var deviceId = provisioned.GetProperty("device").GetProperty("id").GetString()!;
        Say($"device {deviceId}, board file {board} (owner-only: it holds the root key)");

        Step("Power the car on: a simulated T-BOX (the real firmware logic) connects, binds its VIN and takes its first key");
        Car = new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = BoardConfigFile.Read(board),
            Flash = BoardFlash.InFolder(Path.Combine(dataDirectory, "flash-car-17")),
            Vin = Vin,
            BleEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Log = new CarLog(output),
        });
        await Car.StartAsync();
        await Car.Online.WaitAsync(StepTimeout, cancellationToken);
        await UntilAsync(() => Car.Status() is { ActiveEpoch: 1, BindPending: false }, "the car holds epoch 1 and its VIN is bound", cancellationToken);
        await ShowAsync(operatorToken, "vehicle", "show", Vin);
        await ShowAsync(operatorToken, "rental", "listing", Vin);

        Step("Alice gets an account");
        AliceToken = (await JsonAsync(operatorToken, "user", "create", "alice")).GetProperty("token").GetString()!;
        Say("alice's API token is printed once; the demo keeps it for her phone");

        Step("Alice rents the car for two hours: the service issues her a key");
        var rental = (await JsonAsync(AliceToken, "rental", "start", "--vin", Vin, "--hours", "2")).GetProperty("rental");
        var rentalId = rental.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        AliceKeyId = rental.GetProperty("keyId").GetString()!;
        Say($"rental {rentalId}, key {AliceKeyId}");

        Step("Alice's phone fetches the key");
        await ShowAsync(AliceToken, "phone", "fetch", AliceKeyId);

        var bridge = $"127.0.0.1:{Car.BleEndPoint!.Port}";
        Step($"Alice's phone unlocks the car over BLE (the car's bridge: {bridge}) — no network at the car");
        var opened = await ShowAsync(AliceToken, "phone", "unlock", AliceKeyId, "--bridge", bridge);

        Step("Alice returns the car: her key is revoked and the car's key rotates");
        var returned = await JsonAsync(operatorToken, "rental", "return", rentalId);
        var rotationId = returned.GetProperty("rotation").GetProperty("id").GetInt64();
        await UntilAsync(() => Car.Status() is { ActiveEpoch: 2, BackupEpoch: 0 }, "the car applied the new key and dropped the old one", cancellationToken);
        var rotations = await JsonAsync(operatorToken, echo: false, "rotation", "list", "--device", deviceId);
        var confirmed = rotations.EnumerateArray().Any(r => r.GetProperty("id").GetInt64() == rotationId && r.GetProperty("state").GetString() == "confirmed");
        await ShowAsync(operatorToken, "rotation", "list", "--device", deviceId);

        Step("Alice tries her old key: the car refuses it");
        var refused = await ShowAsync(AliceToken, "phone", "unlock", AliceKeyId, "--bridge", bridge);

        var ok = opened == ExitCodes.Success && confirmed && refused == ExitCodes.Runtime;
        Step(ok ? "The story went as it should." : "Something in the story did not go as it should (see above).");
        return ok;
    }

    private void Step(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {++_step}. {title}");
    }

    private void Say(string line) => output.WriteLine("   " + line);

    /// <summary>Runs a command and prints what it prints, as a user would see it; returns its exit code.</summary>
    private async Task<int> ShowAsync(string token, params string[] args)
    {
        output.WriteLine($"   $ sharekey {string.Join(' ', args)}");
        var (code, printed) = await RunAsync(token, args);
        foreach (var line in printed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine("   " + line.TrimEnd('\r'));
        }

        return code;
    }

    private Task<JsonElement> JsonAsync(string token, params string[] args) => JsonAsync(token, echo: true, args);

    /// <summary>Runs a command with --json for what the story needs from it; echoes the command unless it only checks something.</summary>
    private async Task<JsonElement> JsonAsync(string token, bool echo, params string[] args)
    {
        if (echo)
        {
            output.WriteLine($"   $ sharekey {string.Join(' ', args)}");
        }

        var (code, printed) = await RunAsync(token, [.. args, "--json"]);
        return code == ExitCodes.Success
            ? JsonSerializer.Deserialize<JsonElement>(printed, Json.Options)
            : throw new InvalidOperationException($"sharekey {string.Join(' ', args)} failed (exit {code}): {printed}");
    }

    private async Task<(int Code, string Printed)> RunAsync(string token, string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            [CliEnvironment.UrlVariable] = url,
            [CliEnvironment.TokenVariable] = token,
            [CliEnvironment.ConfigVariable] = Path.Combine(dataDirectory, "no-cli-config.json"),
            ["XDG_DATA_HOME"] = token == AliceToken ? AliceWallet : Path.Combine(dataDirectory, "phone-operator"),
        };
        var printed = new StringWriter();
        var environment = new CliEnvironment(name => variables.GetValueOrDefault(name), dataDirectory);
        var code = await CommandRegistry.Build(printed, printed, environment).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = printed, Error = printed });
        return (code, printed.ToString());
    }

    private static async Task UntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the demo waited {StepTimeout.TotalSeconds} s for: {what}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The car's own lines, indented under the story.</summary>
    private sealed class CarLog(TextWriter output) : ISimulatorLog
    {
        public void Info(string source, string line)
        {
            lock (output)
            {
                output.WriteLine($"   [car] {line}");
            }
        }

        public void Error(string source, string line, Exception? exception = null)
        {
            lock (output)
            {
                output.WriteLine($"   [car] ERROR {line}{(exception is null ? string.Empty : ": " + exception.Message)}");
            }
        }
    }
}
