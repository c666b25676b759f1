using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
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
using ShareKey.Mqtt.Client;

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

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(Options.Create(options.Rotation));
        services.AddSingleton(Options.Create(options.Notifications));
        services.AddSingleton(Options.Create(options.Sharing));
        services.AddSingleton(Options.Create(options.Rentals));
        services.AddSingleton(Options.Create(options.Vehicles));
        services.AddSingleton(Options.Create(options.Parking));
        services.AddSingleton(Options.Create(options.Reservations));
        services.AddSingleton(TimeProvider.System);
        services.AddServiceMetrics();
        services.AddScrapedMetrics<RotationMetrics>();
        services.AddScrapedMetrics<OutboxMetrics>();
        services.AddScrapedMetrics<BrokerMetrics>();
        services.AddSingleton<UplinkMetrics>();
        services.AddSingleton<IKeyStore>(provider => new TimedKeyStore(store, provider.GetRequiredService<StoreMetrics>()));
        services.AddSingleton(TransactionRetry.Default);
        services.AddSingleton<IStoreRetryObserver>(provider => provider.GetRequiredService<StoreMetrics>());
        services.AddSingleton<TransactionRunner>();
        services.AddSingleton(new SecretSealer(keys.SealingKey));
        services.AddSingleton<DeviceCrypto>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<IAbandonedMessageHandler>(provider => provider.GetRequiredService<RotationService>());
        services.AddSingleton<RotationOperations>();
        services.AddSingleton<BulletinIssuer>();
        services.AddSingleton<TokenMinter>();
        services.AddSingleton<KeyManager>();
        services.AddSingleton<KeyValidity>();
        services.AddSingleton<ShareService>();
        services.AddSingleton<TransferReports>();
        services.AddSingleton<RentalService>();
        services.AddSingleton<GarageService>();
        services.AddSingleton<SpaceService>();
        services.AddSingleton<GarageFileService>();
        services.AddSingleton<MapService>();
        services.AddSingleton<OccupancyRecorder>();
        services.AddSingleton<OccupancyService>();
        services.AddSingleton<DeviceService>();
        services.AddSingleton<DeviceLifecycle>();
        services.AddSingleton<BindingService>();
        services.AddSingleton<RemoteLockService>();
        services.AddSingleton<RemoteLockTracker>();
        services.AddSingleton<IHeldKeys, DisabledRenter>();
        services.AddSingleton<IHeldKeys, HeldKeys>();
        services.AddSingleton<UserService>();
        services.AddSingleton<RepairPacing>();
        services.AddSingleton<UplinkHandler>();
        services.AddSingleton<ApiTokenFilter>();
        AddDeviceGateway(services, options, keys.BrokerServiceKey, brokerPort);
        services.AddHostedService<UplinkProcessor>();
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<RotationRedriver>();
        services.AddHostedService<UplinkPruner>();
        services.AddNotifications();
        services.AddReservations();

        services.AddApiInput();
        services.AddApiDocument();

        var app = builder.Build();
        app.UseRequestMetrics();
        app.UseApiInput();
        app.MapOpenApi();
        app.MapHealth();
        app.MapServiceMetrics();
        app.MapGroup("/v1")
            .AddEndpointFilter<ApiTokenFilter>()
            .AddEndpointFilterFactory(InputRules.Factory)
            .MapUsers()
            .MapDevices()
            .MapVehicles()
            .MapRemoteLock()
            .MapKeys()
            .MapShares()
            .MapRentals()
            .MapGarages()
            .MapSpaces()
            .MapParkingMaps()
            .MapReservations()
            .MapAvailability()
            .MapOccupancy()
            .MapRotations()
            .MapAudit()
            .MapNotifications();
        return new StartedService(app, firstToken, brokerPort);
    }

    private static void AddDeviceGateway(IServiceCollection services, ServiceOptions options, byte[] brokerServiceKey, int brokerPort)
    {
        var broker = options.Broker;
        var servicePassword = DeviceBrokerAccess.ServicePasswordFrom(brokerServiceKey);
        MqttClientOptions link;
        BrokerCertificateAuthority? authority = null;
        if (broker.Url is null)
        {
            services.AddSingleton(provider => new DeviceBrokerAccess(provider.GetRequiredService<IKeyStore>(), provider.GetRequiredService<DeviceCrypto>(), servicePassword));
            authority = broker.PlainMqtt ? null : BrokerCertificateAuthority.LoadOrCreate(options.DataDirectory);
            var certificate = authority?.IssueServerCertificate(new[] { broker.PublicHost ?? Dns.GetHostName(), Dns.GetHostName() });
            services.AddSingleton(provider => EmbeddedBroker.Create(
                new IPEndPoint(IPAddress.Parse(broker.ListenAddress), brokerPort),
                certificate,
                broker,
                provider.GetRequiredService<DeviceBrokerAccess>(),
                new MqttLogAdapter(provider.GetRequiredService<ILoggerFactory>().CreateLogger("ShareKey.Broker"))));
            services.AddHostedService<EmbeddedBroker>();
            link = new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = brokerPort,
                ClientId = Placeholder,
                Username = DeviceBrokerAccess.ServiceUser,
                Password = servicePassword,
                Tls = authority is null ? null : MqttClientTlsOptions.TrustingOnly(authority.Certificate, "localhost"),
            };
        }
        else
        {
            var url = new Uri(broker.Url);
            var tls = url.Scheme == "mqtts";
            if (!tls && url.Scheme != "mqtt")
            {
                throw new InvalidOperationException($"Broker URL {broker.Url}: use mqtt://host:port or mqtts://host:port.");
            }

            link = new MqttClientOptions
            {
                Host = url.Host,
                Port = url.IsDefaultPort || url.Port < 0 ? (tls ? 8883 : 1883) : url.Port,
                ClientId = Placeholder,
                Username = broker.Username,
                Password = broker.Password,
                Tls = tls ? new MqttClientTlsOptions { TargetHost = url.Host } : null,
            };
        }

        var publicEndpoint = new BrokerEndpoint(
            broker.PublicHost ?? (broker.Url is null ? Dns.GetHostName() : link.Host),
            broker.PublicPort ?? link.Port,
            broker.Url is null ? broker.PublicTls || authority is not null : link.Tls is not null,
            authority?.BoardText);
        services.AddSingleton(publicEndpoint);
        services.AddSingleton<IDeviceLink>(provider => new MqttDeviceLink(
            link with
            {
                ClientId = $"{DeviceBrokerAccess.ServiceUser}-{options.InstanceName}",
                CleanSession = false,
                MaxInFlight = 256,
                ReceiveQueueCapacity = 16_384,
                Logger = new MqttLogAdapter(provider.GetRequiredService<ILoggerFactory>().CreateLogger("ShareKey.DeviceLink")),
            },
            broker.ShareGroup,
            provider.GetRequiredService<ILogger<MqttDeviceLink>>()));
    }

    private const string Placeholder = "keyservice";

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
