using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Outbox;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>
/// The real service, as `sharekey serve` composes it (<see cref="ServiceApp.BuildAsync"/>), in the
/// test process: Kestrel on a free loopback port, the in-process broker on another, SQLite in a
/// temp folder of the test's environment, which gets its errors and fails the test on any it did not declare.
/// </summary>
public sealed class LiveService : IAsyncDisposable
{
    private readonly StartedService _started;

    private LiveService(StartedService started, ServiceOptions options)
    {
        _started = started;
        Options = options;
        Url = started.App.Urls.First();
        OperatorToken = started.FirstOperatorToken ?? throw new InvalidOperationException("a fresh data folder always creates the first operator");
        Operator = new HttpClient { BaseAddress = new Uri(Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken) } };
    }

    public ServiceOptions Options { get; }

    public string Url { get; }

    public string OperatorToken { get; }

    public HttpClient Operator { get; }

    public static async Task<LiveService> StartAsync(
        TestEnvironment environment,
        Action<RotationOptions> rotation,
        Action<ShareKey.KeyService.Notifications.NotificationOptions> notifications,
        Action<ShareKey.KeyService.Rentals.RentalPolicyOptions> rentals,
        Action<ServiceOptions> service)
    {
        var options = new ServiceOptions { DataDirectory = environment.TempFolder("sharekey-e2e-service-"), InstanceName = "e2e" };
        options.Broker.Port = 0;
        options.Broker.ListenAddress = "127.0.0.1";
        options.Broker.PublicHost = "127.0.0.1";
        rotation(options.Rotation);
        notifications(options.Notifications);
        rentals(options.Rentals);
        service(options);
        var started = await ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web =>
        {
            web.Logging.ClearProviders();
            web.Logging.AddProvider(environment.LoggerProvider);
        });
        await started.App.StartAsync();
        return new LiveService(started, options);
    }

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await _started.App.StopAsync();
        await _started.App.DisposeAsync();
    }
}
