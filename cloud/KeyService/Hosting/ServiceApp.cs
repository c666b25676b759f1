using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration.Memory;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Parking;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Sharing;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Uplinks;
using ShareKey.KeyService.Users;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.Hosting;

/// <summary>
/// `sharekey serve`, assembled: secrets and store first (so a bad master key or database stops the
/// start with a clear message), then the broker, the device gateway and the outbox, then the HTTP API.
/// </summary>
public static class ServiceApp
{
    /// <summary>Builds the service. <paramref name="configureWeb"/> lets tests swap Kestrel for a test server.</summary>
    public static async Task<StartedService> BuildAsync(ServiceOptions options, string httpUrl, TextWriter console, Action<WebApplicationBuilder>? configureWeb = null)
    {
        DataFolder.Ensure(options.DataDirectory);
        var keys = new MasterKeyDerivation(LoadMasterKey(options, console));
        var store = await OpenStoreAsync(options);
        var firstToken = await FirstStart.EnsureOperatorAsync(store, console);
        var brokerPort = options.Broker.Url is null && options.Broker.Port == 0 ? FreePort() : options.Broker.Port;

        // The content root is the binary's folder, not wherever the user stands: a stray appsettings.json there is not ours.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(httpUrl);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFramework });
        builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        configureWeb?.Invoke(builder);

        // Every service is built once at start, so a feature whose registration misses something it
        // needs stops `serve` with the missing type named, not the first request that reaches it.
        builder.Host.UseDefaultServiceProvider(provider => provider.ValidateOnBuild = provider.ValidateScopes = true);

        // The features, lowest layer first, with one exception for the hosted services, which start
        // in this order and stop in reverse: the uplink processor (on top of every feature) comes
        // right after the broker because it opens the service's device link and closes it when it
        // stops, which must come after the outbox sender and every watcher sending through it stop.
        builder.Services
            .AddSingleton<TimeProvider>(new MillisecondClock())
            .AddServiceMetrics()
            .AddMeasuredStore(store)
            .AddTransactions()
            .AddSingleton(new SecretSealer(keys.SealingKey))
            .AddAudit()
            .AddDevices()
            .AddProvisioning()
            .AddUsers()
            .AddDeviceGateway(options.Broker, options.DataDirectory, options.InstanceName, keys.BrokerServiceKey, brokerPort)
            .AddUplinks()
            .AddOutbox(options.Rotation)
            .AddRotation()
            .AddRentals(options.Rentals)
            .AddKeys()
            .AddSharing(options.Sharing)
            .AddVehicles(options.Vehicles)
            .AddRemoteLock()
            .AddParking(options.Parking, options.Reservations)
            .AddNotifications(options.Notifications)
            .AddApiInput()
            .AddApiDocument();

        var app = builder.Build();
        app.UseRequestMetrics();
        app.UseApiInput();
        app.MapOpenApi();
        app.MapHealth();
        app.MapServiceMetrics();
        app.MapGroup("/v1")
            .AddEndpointFilter(app.Services.GetRequiredService<ApiTokenFilter>())
            .AddEndpointFilterFactory(InputRules.Factory)
            .MapUsers()
            .MapDevices()
            .MapVehicles()
            .MapRemoteLock()
            .MapKeys()
            .MapShares()
            .MapRentals()
            .MapParking()
            .MapRotations()
            .MapAudit()
            .MapNotifications();
        return new StartedService(app, firstToken, brokerPort);
    }

    /// <summary>
    /// Log levels under every other configuration source: ASP.NET Core's per-request lines and the
    /// host's start banner (the service prints its own "KeyService up" line) only from Warning up.
    /// `Logging__LogLevel__Microsoft.AspNetCore=Information` in the environment brings them back.
    /// </summary>
    private static readonly Dictionary<string, string?> QuietFramework = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    private static byte[] LoadMasterKey(ServiceOptions options, TextWriter console)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return MasterKey.Parse(options.MasterKey);
        }

        var path = Path.Combine(options.DataDirectory, "master.key");
        var (key, created) = MasterKey.LoadOrCreate(path);
        if (created)
        {
            console.WriteLine($"Created the master key {Path.GetFullPath(path)} (owner read/write only). Back it up: without it no stored device key can be read.");
        }

        return key;
    }

    private static async Task<IKeyStore> OpenStoreAsync(ServiceOptions options)
    {
        var storage = options.Storage;
        var store = storage.Provider.ToLowerInvariant() switch
        {
            "sqlite" => OpenSqlite(storage.ConnectionString ?? Path.Combine(options.DataDirectory, "sharekey.db")),
            "postgresql" or "postgres" => KeyStores.OpenPostgres(storage.ConnectionString
                ?? throw new InvalidOperationException("Storage:Provider is postgresql but no Storage:ConnectionString is given.")),
            _ => throw new InvalidOperationException($"Unknown storage provider '{storage.Provider}': use sqlite or postgresql."),
        };
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private static IKeyStore OpenSqlite(string databasePath)
    {
        DataFolder.EnsureOwnerOnlyDatabase(databasePath);
        return KeyStores.OpenSqlite(databasePath);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>A built service: the web app (not yet running), the operator token if this start created one, the broker port.</summary>
public sealed record StartedService(WebApplication App, string? FirstOperatorToken, int BrokerPort);
