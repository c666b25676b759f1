using System.Net.Http.Headers;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Recovery;

/// <summary>
/// The service is killed with SIGKILL while a fleet rotates, several times, and restarted on the same
/// data: every rotation ends confirmed, every device's confirmed epoch is the one it holds, and no
/// key was issued under an epoch its device had not confirmed.
/// </summary>
public sealed class KillNineTests
{
    private const int Devices = 12;
    private const int Kills = 4;

    [Fact]
    public async Task Every_rotation_resumes_after_kill_9_and_ends_confirmed()
    {
        await using var environment = new TestEnvironment();
        var data = environment.TempFolder("sharekey-kill-");
        await using var service = new ServiceProcess(data, "--ack-timeout", "0.5", "--max-attempts", "4", "--redrive-after", "1") { OnErrorLine = environment.ReportError };
        await service.StartAsync();
        var token = service.OperatorToken ?? throw new InvalidOperationException("no operator token printed:\n" + service.Output);
        using var http = new HttpClient { BaseAddress = new Uri(service.Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

        var devices = new List<ScriptedDevice>();
        for (var i = 0; i < Devices; i++)
        {
            var provisioned = await http.PostAsync<DeviceApi.ProvisionedDto>("/v1/devices", new { kind = "parking-lock", name = $"lock-k{i}" });
            var device = await ScriptedDevice.ConnectAsync(BoardFile.Parse(provisioned.BoardConfig));
            await device.SendKeyReportAsync();
            devices.Add(device);
        }

        var random = new Random(20261121);
        for (var kill = 0; kill < Kills; kill++)
        {
            await http.PostAsync<List<RotationDto>>("/v1/rotations", new { all = true });
            await Task.Delay(random.Next(0, 400));
            await service.KillAsync();
            await service.StartAsync();
            await IssueWhereReadyAsync(http, devices);
        }

        await Eventually.TrueAsync(async () =>
        {
            var summary = await http.GetAsync<RotationApi.RotationSummary>("/v1/rotations/summary");
            return summary is { Sending: 0, GaveUp: 0 };
        }, "every rotation settled", TimeSpan.FromSeconds(90));

        Assert.Equal(0, (await http.GetAsync<RotationApi.RotationSummary>("/v1/rotations/summary")).Failed);
        foreach (var device in devices)
        {
            var epoch = (await http.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{device.Id:x16}")).Device.Epoch;
            Assert.Equal(device.ActiveEpoch, epoch);
            Assert.True(epoch >= 2, $"device {device.Id:x16} only reached epoch {epoch}");
            var rotations = await Fleet.RotationsAsync(http, device);
            Assert.All(rotations, rotation => Assert.Equal(RotationState.Confirmed, rotation.State));
            Assert.Equal((int)epoch, rotations.Count);
            foreach (var key in await TestService.KeysAsync(http, $"deviceId={device.Id:x16}"))
            {
                Assert.NotNull(device.EpochKey(key.Epoch));
            }

            await device.DisposeAsync();
        }
    }

    /// <summary>Issues a key on every device that has confirmed an epoch; the others must refuse.</summary>
    private static async Task IssueWhereReadyAsync(HttpClient http, List<ScriptedDevice> devices)
    {
        foreach (var device in devices)
        {
            using var response = await http.PostAsync("/v1/keys", System.Net.Http.Json.JsonContent.Create(new { type = "owner", deviceId = $"{device.Id:x16}" }));
            if (!response.IsSuccessStatusCode)
            {
                Assert.Contains("device-not-ready", await response.Content.ReadAsStringAsync());
            }
        }
    }
}
