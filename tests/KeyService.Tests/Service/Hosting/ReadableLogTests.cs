using System.Net.Http.Headers;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Hosting;

/// <summary>
/// What `sharekey serve` prints while it works, read as a person reads it: no line per HTTP request
/// from the framework, no "(null)" where a value was missing.
/// </summary>
public sealed class ReadableLogTests
{
    [Fact]
    public async Task Requests_and_device_traffic_print_no_framework_chatter_and_no_null()
    {
        await using var environment = new TestEnvironment();
        await using var service = new ServiceProcess(environment.TempFolder("sharekey-log-")) { OnErrorLine = environment.ReportError };
        await service.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(service.Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", service.OperatorToken) } };
        (await http.GetAsync("/health")).EnsureSuccessStatusCode();
        (await http.GetAsync("/v1/users")).EnsureSuccessStatusCode();
        Assert.False((await http.GetAsync("/v1/no-such-thing")).IsSuccessStatusCode);
        var provisioned = await TestService.PostAsync<DeviceApi.ProvisionedDto>(http, "/v1/devices", new { kind = "parking-lock", name = "lock-log" });
        await using (var device = await ScriptedDevice.ConnectAsync(BoardFile.Parse(provisioned.BoardConfig)))
        {
            await device.SendKeyReportAsync();
            await Eventually.TrueAsync(async () => (await TestService.GetAsync<DeviceApi.DeviceDetailsDto>(http, $"/v1/devices/{device.Id:x16}")).Device.Epoch == 1, "the device confirmed its first key", TimeSpan.FromSeconds(30));
        }

        await Eventually.TrueAsync(() => Task.FromResult(service.Output.Contains("disconnected", StringComparison.Ordinal)), "the broker logged the device leaving", TimeSpan.FromSeconds(30));
        var output = service.Output;
        Assert.Contains("KeyService up:", output);
        Assert.DoesNotContain("(null)", output);
        Assert.DoesNotContain("Microsoft.AspNetCore", output);
        Assert.DoesNotContain("Request starting", output);
        Assert.DoesNotContain("Executing endpoint", output);
    }
}
