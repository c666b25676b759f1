using System.Data.Common;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// A real `sharekey serve` in the test process: Kestrel on a free loopback port, the in-process
/// broker on another, SQLite in a temp folder or a fresh PostgreSQL database. Short ack timeouts so
/// retries and give-ups happen within a test. It lives in a test environment of its own, which fails
/// the test if the service logs an error the test did not declare (<see cref="TestEnvironment.ExpectError{TCategory}"/>)
/// or a task exception goes unobserved, and deletes the data folder.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly StartedService _started;
    private readonly StoreFixture? _postgres;

    private TestService(StartedService started, ServiceOptions options, StoreFixture? postgres, TestEnvironment environment)
    {
        _started = started;
        _postgres = postgres;
        Environment = environment;
        Options = options;
        Url = started.App.Urls.First();
        Operator = Client(started.FirstOperatorToken!);
    }

    public ServiceOptions Options { get; }

    /// <summary>Runs <paramref name="sql"/> on the service's database over a connection of its own: how a test breaks the store under the running service (a trigger that refuses writes), and mends it.</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using DbConnection connection = Options.Storage.Provider == "postgresql"
            ? new NpgsqlConnection(Options.Storage.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(Options.DataDirectory, "sharekey.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The test's environment: where a test declares the errors it provokes on purpose.</summary>
    public TestEnvironment Environment { get; }

    public string Url { get; }

    public int BrokerPort => _started.BrokerPort;

    public HttpClient Operator { get; }

    /// <summary>The running service's container, for tests that inspect what it serves (its endpoints).</summary>
    public IServiceProvider Services => _started.App.Services;

    public static async Task<TestService> StartAsync(string storage = "sqlite", Action<ServiceOptions>? configure = null)
    {
        var environment = new TestEnvironment();
        var options = new ServiceOptions { DataDirectory = environment.TempFolder("sharekey-service-"), InstanceName = "test" };
        options.Broker.Port = 0;
        options.Broker.PublicHost = "127.0.0.1";
        // Scripted devices speak plain MQTT; Gateway/BrokerTlsTests and the end-to-end tests cover the TLS default.
        options.Broker.PlainMqtt = true;
        options.Rotation.AckTimeout = TimeSpan.FromMilliseconds(400);
        options.Rotation.MaxAttempts = 3;
        options.Rotation.RedriveAfter = TimeSpan.FromMinutes(10);
        StoreFixture? postgres = null;
        StartedService? started = null;
        try
        {
            if (storage == "postgresql")
            {
                postgres = new PostgresStoreFixture();
                options.Storage.Provider = "postgresql";
                options.Storage.ConnectionString = await postgres.CreateDatabaseAsync();
            }

            configure?.Invoke(options);
            started = await ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web =>
            {
                web.Logging.ClearProviders();
                web.Logging.AddProvider(environment.LoggerProvider);
            });
            await started.App.StartAsync();
            return new TestService(started, options, postgres, environment);
        }
        catch
        {
            // A start that fails leaves nothing behind: no data folder, no database, no half-started app.
            try
            {
                if (started is not null)
                {
                    await started.App.DisposeAsync();
                }

                if (postgres is not null)
                {
                    await ((IAsyncLifetime)postgres).DisposeAsync();
                }
            }
            finally
            {
                await environment.DisposeAsync();
            }

            throw;
        }
    }

    public HttpClient Client(string token) => new() { BaseAddress = new Uri(Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    public async Task<(string Id, HttpClient Client)> CreateUserAsync(string name, bool asOperator = false)
    {
        var created = await Operator.PostAsync<UserApi.CreatedUser>("/v1/users", new { name, role = asOperator ? "operator" : "user" });
        return (created.User.Id, Client(created.Token));
    }

    public async Task<BoardFile> ProvisionAsync(string name, string kind = "tbox")
    {
        var provisioned = await Operator.PostAsync<DeviceApi.ProvisionedDto>("/v1/devices", new { kind, name });
        return BoardFile.Parse(provisioned.BoardConfig);
    }

    public static Task<T> PostAsync<T>(HttpClient client, string path, object? body) => client.PostAsync<T>(path, body);

    public static Task<T> GetAsync<T>(HttpClient client, string path) => client.GetAsync<T>(path);

    /// <summary>Every key <c>GET /v1/keys?{query}</c> lists, newest first, page after page.</summary>
    public static async Task<KeyDto[]> KeysAsync(HttpClient client, string query = "")
    {
        var keys = new List<KeyDto>();
        string? before = null;
        do
        {
            var page = await client.GetAsync<KeyPageDto>($"/v1/keys?{query}{(before is null ? "" : $"&before={before}")}");
            keys.AddRange(page.Items);
            before = page.NextBefore;
        }
        while (before is not null);
        return [.. keys];
    }

    public async ValueTask DisposeAsync()
    {
        await _started.App.StopAsync();
        await _started.App.DisposeAsync();
        if (_postgres is not null)
        {
            await ((IAsyncLifetime)_postgres).DisposeAsync();
        }

        await Environment.DisposeAsync();
    }
}
