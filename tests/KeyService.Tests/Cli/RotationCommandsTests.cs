using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`rotation start|list|show|redrive` against scripted devices that ack, and one that never answers.</summary>
public sealed class RotationCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_operator_rotation_is_acked_and_shows_as_confirmed()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "rotated-1");
        var id = $"{car.Id:x16}";

        var started = await service.RunAsync("rotation", "start", "--device", id);

        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Contains("1 rotation(s) started", started.Output);
        await Eventually.TrueAsync(async () =>
            (await service.JsonAsync<RotationDto[]>("rotation", "list", "--device", id, "--state", "confirmed")).Length == 2, "two rotations confirmed");
        var rotationId = (await service.JsonAsync<RotationDto[]>("rotation", "list", "--device", id)).Max(r => r.Id);
        var shown = await service.RunAsync("rotation", "show", rotationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"epoch\s+1 → 2", shown.Output);
        Assert.Contains("confirmed", shown.Output);
    }

    [Fact]
    public async Task A_given_up_rotation_is_redriven_on_request()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "silent-1");
        long rotationId = 0;
        await Eventually.TrueAsync(async () =>
        {
            var gaveUp = await service.JsonAsync<RotationDto[]>("rotation", "list", "--device", id, "--state", "gave-up");
            rotationId = gaveUp.Length == 1 ? gaveUp[0].Id : 0;
            return rotationId != 0;
        }, "the rotation gave up");

        var run = await service.RunAsync("rotation", "redrive", rotationId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("is sending again", run.Output);
    }

    [Fact]
    public async Task Devices_or_all_but_not_both()
    {
        var neither = await service.RunAsync("rotation", "start");
        var both = await service.RunAsync("rotation", "start", "--all", "--device", CliService.UnknownId);

        Assert.Equal(1, neither.ExitCode);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give --device ID (one or more) or --all", both.Error);
    }
}
