using System.Net.Http.Headers;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Uplinks;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Client;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Recovery;

/// <summary>
/// A device streams Event batches and, as the firmware does, keeps each until its EventReceipt,
/// sending the same frame again otherwise. `sharekey serve` (with its in-process broker) is killed
/// with SIGKILL several times right after a batch went up, and restarted on the same data: every
/// batch is receipted in the end and every event is stored exactly once — none lost, none doubled.
/// </summary>
public sealed class EventKillNineTests
{
    private const int Batches = 16;

    /// <summary>
    /// Batch n goes up as message FirstMessageId + n: far above the ids the scripted device numbers its own
    /// frames with (its acks of the service's Rotate and Commit, from 2 on). A batch sharing one of those ids
    /// is a copy to the service — receipted, not stored — and which came first depended on the machine's load.
    /// </summary>
    private const uint FirstMessageId = 0x7000_0000;

    [Fact]
    public async Task No_event_is_lost_or_doubled_across_kill_9()
    {
        await using var environment = new TestEnvironment();
        var data = environment.TempFolder("sharekey-kill-events-");
        await using var service = new ServiceProcess(data) { OnErrorLine = environment.ReportError };
        await service.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(service.Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", service.OperatorToken) } };
        var provisioned = await TestService.PostAsync<DeviceApi.ProvisionedDto>(http, "/v1/devices", new { kind = "parking-lock", name = "lock-events" });
        await using var device = await ScriptedDevice.ConnectAsync(BoardFile.Parse(provisioned.BoardConfig));

        var random = new Random(20261205);
        var kills = 0;
        for (uint batch = 1; batch <= Batches; batch++)
        {
            var frame = EventReceiptTests.EventFrame(device, FirstMessageId + batch, EventReceiptTests.T0 + (2 * batch), EventReceiptTests.T0 + (2 * batch) + 1);
            await TrySendAsync(device, frame);
            if (batch % 4 == 0)
            {
                await Task.Delay(random.Next(0, 30));
                await service.KillAsync();
                await service.StartAsync();
                kills++;
            }

            await ReceiptedAsync(device, FirstMessageId + batch, frame);
        }

        var stored = await TestService.GetAsync<EventDto[]>(http, $"/v1/devices/{device.Id:x16}/events?limit=1000");
        var times = stored.Select(e => (uint)e.DeviceTime.ToUnixTimeSeconds()).Order().ToArray();
        Assert.Equal(Enumerable.Range(2, 2 * Batches).Select(i => EventReceiptTests.T0 + (uint)i).ToArray(), times);
        Assert.Equal(Batches / 4, kills);
    }

    /// <summary>Sends the frame again every second until its receipt arrives, as the firmware does on reconnect.</summary>
    private static async Task ReceiptedAsync(ScriptedDevice device, uint messageId, byte[] frame)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var receipt = await device.WaitForAsync<EventReceiptMessage>(r => r.MessageId == messageId, TimeSpan.FromSeconds(1));
                Assert.Equal(2, receipt.Count);
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                await TrySendAsync(device, frame);
            }
        }
    }

    private static async Task TrySendAsync(ScriptedDevice device, byte[] frame)
    {
        try
        {
            await device.SendFrameAsync(frame).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception offline) when (offline is MqttClientNotConnectedException or MqttPublishAbandonedException or TimeoutException)
        {
            // The broker died with the service: the next attempt goes out after the reconnect.
        }
    }
}
