using System.CommandLine;
using ShareKey.KeyService.Hosting;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey serve`: runs the KeyService. Settings come from the "ShareKey" section of --config
/// (JSON), then SHAREKEY_* environment variables (SHAREKEY_Storage__Provider=postgresql), then flags.
/// </summary>
public static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file with a \"ShareKey\" section." };
        var data = new Option<string?>("--data") { Description = "Data directory (SQLite file, master key). Default: ./sharekey-data." };
        var http = new Option<string>("--http") { Description = "URL the HTTP API listens on.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var storage = new Option<string?>("--storage") { Description = "sqlite (default) or postgresql." };
        var connection = new Option<string?>("--connection-string") { Description = "PostgreSQL connection string, or the SQLite file path." };
        var brokerUrl = new Option<string?>("--broker-url") { Description = "An external MQTT broker (mqtt://host:port, mqtts://…) instead of the in-process one." };
        var mqttPort = new Option<int?>("--mqtt-port") { Description = "Port of the in-process broker (default 8883; 0 = any free port)." };
        var mqttPlain = new Option<bool>("--mqtt-plain") { Description = "The in-process broker speaks plain MQTT instead of MQTT over TLS (tests and labs only)." };
        var publicHost = new Option<string?>("--public-host") { Description = "Broker host written into board configuration files." };
        var ackTimeout = new Option<double?>("--ack-timeout") { Description = "Seconds to wait for a device's ack before resending (default 15)." };
        var attempts = new Option<int?>("--max-attempts") { Description = "Sends of a down message before giving up (default 5)." };
        var redrive = new Option<double?>("--redrive-after") { Description = "Seconds before a given-up rotation is sent again (default 600)." };

        var command = new Command("serve", "Run the KeyService: HTTP API, device gateway, outbox; SQLite and the in-process broker unless configured otherwise.")
        {
            config, data, http, storage, connection, brokerUrl, mqttPort, mqttPlain, publicHost, ackTimeout, attempts, redrive,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServiceOptions options;
            try
            {
                options = ServiceSettings.Load(parse.GetValue(config)?.FullName);
            }
            catch (Exception invalid) when (invalid is InvalidOperationException or FileNotFoundException or FormatException)
            {
                error.WriteLine($"sharekey serve: {invalid.Message}");
                return ExitCodes.Usage;
            }

            options.DataDirectory = parse.GetValue(data) ?? options.DataDirectory;
            options.Storage.Provider = parse.GetValue(storage) ?? options.Storage.Provider;
            options.Storage.ConnectionString = parse.GetValue(connection) ?? options.Storage.ConnectionString;
            options.Broker.Url = parse.GetValue(brokerUrl) ?? options.Broker.Url;
            options.Broker.Port = parse.GetValue(mqttPort) ?? options.Broker.Port;
            options.Broker.PlainMqtt = parse.GetValue(mqttPlain) || options.Broker.PlainMqtt;
            options.Broker.PublicHost = parse.GetValue(publicHost) ?? options.Broker.PublicHost;
            options.Rotation.AckTimeout = parse.GetValue(ackTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Rotation.AckTimeout;
            options.Rotation.MaxAttempts = parse.GetValue(attempts) ?? options.Rotation.MaxAttempts;
            options.Rotation.RedriveAfter = parse.GetValue(redrive) is { } after ? TimeSpan.FromSeconds(after) : options.Rotation.RedriveAfter;

            StartedService service;
            try
            {
                service = await ServiceApp.BuildAsync(options, parse.GetValue(http)!, output);
            }
            catch (Exception failed) when (failed is InvalidOperationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException or System.Security.Cryptography.CryptographicException)
            {
                error.WriteLine($"sharekey serve: cannot start: {failed.Message}");
                return ExitCodes.Runtime;
            }

            await using var app = service.App;
            await app.StartAsync(cancellationToken);
            output.WriteLine($"KeyService up: HTTP {string.Join(", ", app.Urls)}, MQTT {(options.Broker.Url ?? $"in-process on port {service.BrokerPort}")}, storage {options.Storage.Provider}. Ctrl+C stops.");
            output.WriteLine("Try: sharekey device provision --kind tbox --name car-1 --out car-1.conf   (with SHAREKEY_TOKEN set)");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
