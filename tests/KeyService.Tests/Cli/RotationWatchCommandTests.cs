using ShareKey.KeyService.Api;
using ShareKey.KeyService.Cli;
using ShareKey.KeyService.Rotation;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// `rotation watch` polls until nothing is Sending. The service's acks wait minutes, so a freshly
/// provisioned board's rotation stays Sending until the test ends it (decommissioning fails it).
/// </summary>
public sealed class RotationWatchCommandTests(PatientCliService service) : IClassFixture<PatientCliService>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Json_mode_prints_a_summary_per_poll_and_times_out_with_2_while_sending()
    {
        using var folder = new TempFolder();
        await service.ProvisionAsync(folder.Path, "watched-1");

        var run = await service.RunAsync("rotation", "watch", "--json", "--interval", "0.05", "--timeout", "0.3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rotation(s) still sending after 0.3 s", run.Error);
        var polls = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ApiJson.Parse<RotationApi.RotationSummary>).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, poll => Assert.True(poll.Sending >= 1));
    }

    [Fact]
    public async Task Watching_ends_with_0_when_the_last_sending_rotation_ends()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "watched-2");
        var others = (await service.JsonAsync<RotationDto[]>("rotation", "list", "--state", "sending"))
            .Select(rotation => rotation.DeviceId).Where(device => device != id);
        foreach (var other in others)
        {
            Assert.Equal(0, (await service.RunAsync("device", "decommission", other, "--yes")).ExitCode);
        }

        var output = new LineWriter();
        var error = new StringWriter();
        var watching = CommandRegistry.Build(output, error, CliRun.Isolated)
            .Parse(["rotation", "watch", "--json", "--interval", "0.05", "--timeout", "60", "--url", service.Url, "--token", service.OperatorToken])
            .InvokeAsync();
        await output.LineAsync(line => line.Contains("\"sending\":1"), Bound);
        Assert.Equal(0, (await service.RunAsync("device", "decommission", id, "--yes")).ExitCode);

        var exitCode = await watching.WaitAsync(Bound);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("\"sending\":0", output.ToString().Trim().Split('\n').Last());
        var human = await service.RunAsync("rotation", "watch");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("sending 0", human.Output);
        Assert.Contains("device decommissioned", human.Output);
        Assert.Contains("sharekey rotation redrive ID", human.Output);
    }

    [Fact]
    public async Task Text_mode_prints_a_line_when_the_counts_change()
    {
        using var folder = new TempFolder();
        await service.ProvisionAsync(folder.Path, "watched-3");

        var run = await service.RunAsync("rotation", "watch", "--interval", "0.05", "--timeout", "0.2");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Output.Split('\n'), line => line.Contains("sending "));
    }

    [Fact]
    public async Task Out_of_range_settings_are_usage_errors()
    {
        var run = await service.RunAsync("rotation", "watch", "--interval", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--interval", run.Error);
    }
}
