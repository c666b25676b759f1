using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Tests.Storage;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// A real `sharekey serve` in the test process: Kestrel on a free loopback port, the in-process
/// broker on another, SQLite in a temp folder or a fresh PostgreSQL database. Short ack timeouts so
/// retries and give-ups happen within a test. Fails the test if the service logs an error the test
/// did not expect.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly StartedService _started;
    private readonly StoreFixture? _postgres;
    private readonly ErrorLog _errors;

    private TestService(StartedService started, ServiceOptions options, StoreFixture? postgres, ErrorLog errors)
    {
        _started = started;
        _postgres = postgres;
        _errors = errors;
        Options = options;
        Url = started.App.Urls.First();
        Operator = Client(started.FirstOperatorToken!);
    }

    public ServiceOptions Options { get; }

    public string Url { get; }

    public int BrokerPort => _started.BrokerPort;

    public HttpClient Operator { get; }

    /// <summary>The running service's container, for tests that inspect what it serves (its endpoints).</summary>
    public IServiceProvider Services => _started.App.Services;

    public static async Task<TestService> StartAsync(string storage = "sqlite", Action<ServiceOptions>? configure = null)
    {
        var options = new ServiceOptions { DataDirectory = Directory.CreateTempSubdirectory("sharekey-service-").FullName, InstanceName = "test" };
        options.Broker.Port = 0;
        options.Broker.PublicHost = "127.0.0.1";
        // Scripted devices speak plain MQTT; Gateway/BrokerTlsTests and the end-to-end tests cover the TLS default.
        options.Broker.PlainMqtt = true;
        options.Rotation.AckTimeout = TimeSpan.FromMilliseconds(400);
        options.Rotation.MaxAttempts = 3;
        options.Rotation.RedriveAfter = TimeSpan.FromMinutes(10);
        StoreFixture? postgres = null;
        if (storage == "postgresql")
        {
            postgres = new PostgresStoreFixture();
            options.Storage.Provider = "postgresql";
            options.Storage.ConnectionString = await postgres.CreateDatabaseAsync();
        }

        configure?.Invoke(options);
        var errors = new ErrorLog();
        var started = await ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web =>
        {
            web.Logging.ClearProviders();
            web.Logging.AddProvider(errors);
        });
        await started.App.StartAsync();
        return new TestService(started, options, postgres, errors);
    }

    /// <summary>For tests that provoke errors on purpose (a forged frame, a broken device).</summary>
    public void ExpectLoggedErrors() => _errors.Expected = true;

    /// <summary>The errors the service logged so far.</summary>
    public IReadOnlyList<string> LoggedErrors => _errors.Logged;

    public HttpClient Client(string token) => new() { BaseAddress = new Uri(Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    public async Task<(string Id, HttpClient Client)> CreateUserAsync(string name, bool asOperator = false)
    {
        var created = await PostAsync<JsonElement>(Operator, "/v1/users", new { name, role = asOperator ? "operator" : "user" });
        return (created.GetProperty("user").GetProperty("id").GetString()!, Client(created.GetProperty("token").GetString()!));
    }

    public async Task<BoardFile> ProvisionAsync(string name, string kind = "tbox")
    {
        var provisioned = await PostAsync<JsonElement>(Operator, "/v1/devices", new { kind, name });
        return BoardFile.Parse(provisioned.GetProperty("boardConfig").GetString()!);
    }

    public static async Task<T> PostAsync<T>(HttpClient client, string path, object? body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Json.Options);
        return await ReadAsync<T>(response, path);
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await ReadAsync<T>(response, path);
    }

    public async ValueTask DisposeAsync()
    {
        await _started.App.StopAsync();
        await _started.App.DisposeAsync();
        if (_postgres is not null)
        {
            await ((IAsyncLifetime)_postgres).DisposeAsync();
        }

        try
        {
            Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temp folder is the OS's to clean.
        }

        _errors.ThrowIfUnexpected();
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json.Options)!;
    }

    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        private readonly List<string> _errors = [];

        public bool Expected { get; set; }

        public IReadOnlyList<string> Logged
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (_errors)
                {
                    _errors.Add($"{formatter(state, exception)} {exception}");
                }
            }
        }

        public void ThrowIfUnexpected()
        {
            lock (_errors)
            {
                Assert.True(Expected || _errors.Count == 0, "The service logged errors:\n" + string.Join("\n", _errors));
            }
        }

        public void Dispose()
        {
        }
    }
}
