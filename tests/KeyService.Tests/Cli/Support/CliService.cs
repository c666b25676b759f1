using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// A real service (<see cref="TestService"/>: Kestrel on a free port, the in-process broker, SQLite
/// in a temp folder) for a test class, and `sharekey` runs against it as its first operator.
/// Its short ack timeouts let scripted devices come online (<see cref="Fleet"/>) within a test.
/// </summary>
public class CliService : IAsyncLifetime
{
    private readonly Action<ServiceOptions>? _configure;
    private TestService? _service;

    public CliService()
    {
    }

    protected CliService(Action<ServiceOptions> configure) => _configure = configure;

    public TestService Service => _service ?? throw new InvalidOperationException("not started");

    public string Url => Service.Url;

    public string OperatorToken => Service.Operator.DefaultRequestHeaders.Authorization!.Parameter!;

    public async Task InitializeAsync() => _service = await TestService.StartAsync(configure: _configure);

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    /// <summary>`sharekey ARGS --url URL --token OPERATOR`.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsAsync(OperatorToken, args);

    public Task<CliRun> RunAsAsync(string token, params string[] args) => CliRun.OfAsync([.. args, "--url", Url, "--token", token]);

    /// <summary>Runs a command with --json, asserts it succeeded, and reads what it printed as <typeparamref name="T"/>.</summary>
    public async Task<T> JsonAsync<T>(params string[] args) => (await RunAsync([.. args, "--json"])).Read<T>();

    /// <summary>Provisions a board through the CLI into <paramref name="folder"/>; returns the device id and the file.</summary>
    public async Task<(string Id, string File)> ProvisionAsync(string folder, string name, string kind = "tbox")
    {
        var file = Path.Combine(folder, name + ".conf");
        var provisioned = await JsonAsync<DeviceApi.ProvisionedDto>("device", "provision", "--kind", kind, "--name", name, "--out", file);
        return (provisioned.Device.Id, file);
    }

    /// <summary>A device id no device has.</summary>
    public static string UnknownId => Ids.Format(Ids.NewId());
}

/// <summary>A service whose acks wait minutes: a provisioned board's first rotation stays Sending for the whole test.</summary>
public sealed class PatientCliService() : CliService(options => options.Rotation.AckTimeout = TimeSpan.FromMinutes(5));
