using System.Net;
using System.Net.Sockets;
using ShareKey.KeyService.Secrets;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>How a failed call ends: the problem's code on the error writer and the exit code of README.md § CLI.</summary>
public sealed class ServiceErrorTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_unknown_token_is_a_usage_error_with_the_problem_code()
    {
        var run = await service.RunAsAsync(ApiTokenFormat.NewToken(), "device", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error unauthenticated: Unknown or revoked API token. (token from --token)", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task No_token_at_all_says_where_tokens_come_from()
    {
        var run = await CliRun.OfAsync("device", "list", "--url", service.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error unauthenticated: Send `Authorization: Bearer <token>`", run.Error);
        Assert.Contains("(token from nowhere)", run.Error);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_runtime_failure()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.OfAsync("device", "list", "--url", url, "--token", ApiTokenFormat.NewToken());

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"cannot reach the service at {url} — is `sharekey serve` running?", run.Error);
    }

    [Fact]
    public async Task Something_not_found_is_a_usage_error()
    {
        var run = await service.RunAsync("device", "show", CliService.UnknownId);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error device-not-found: No device ", run.Error);
    }

    [Fact]
    public async Task A_malformed_id_is_the_services_validation_problem()
    {
        var run = await service.RunAsync("key", "show", "not-an-id");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error invalid-request: id: is not an id", run.Error);
    }

    [Fact]
    public async Task A_conflict_with_the_current_state_is_a_runtime_failure()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "conflict-1");
        Assert.Equal(0, (await service.RunAsync("device", "decommission", id, "--yes")).ExitCode);

        var again = await service.RunAsync("device", "decommission", id, "--yes");

        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error device-decommissioned:", again.Error);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_a_usage_error()
    {
        var run = await CliRun.OfAsync("device", "list", "--url", "ftp://example", "--token", ApiTokenFormat.NewToken());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'ftp://example' is not a service URL", run.Error);
    }

    [Fact]
    public async Task A_bad_option_value_is_a_usage_error_before_any_call()
    {
        var run = await CliRun.OfAsync("device", "list", "--kind", "bicycle", "--url", $"http://127.0.0.1:{ClosedPort()}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bicycle", run.Error);
    }

    /// <summary>A loopback port nothing listens on: bound once by the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
