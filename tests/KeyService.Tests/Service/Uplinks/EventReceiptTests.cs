using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>
/// An Event batch is acknowledged to its device (EventReceipt) only once it is in the database. A
/// real store failure — a trigger refusing inserts into device_events, put there behind the
/// service's back — makes the batch's session fail: no receipt goes out, the service keeps
/// running and applying other frames, and the device's next copy of the batch is stored once and
/// receipted (so is every later copy).
/// </summary>
public sealed class EventReceiptTests
{
    /// <summary>Device times of the events sent (unix seconds), so each stored event is known by its time.</summary>
    internal const uint T0 = 1_800_000_000;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_batch_the_store_refuses_gets_no_receipt_and_the_service_carries_on(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var dropped = service.Environment.ExpectError<UplinkProcessor>("Could not apply a frame");
        await using var device = await Fleet.OnlineAsync(service, $"lock-fail-{storage}");
        var frame = EventFrame(device, 0x7000_0001, T0 + 1, T0 + 2);

        await service.ExecuteSqlAsync(RefuseEvents[storage]);
        await device.SendFrameAsync(frame);
        await dropped.FirstSeen.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain(device.Received(), message => message is EventReceiptMessage);
        using (var health = await service.Operator.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await device.SendAsync(new BindRequestMessage { Vin = "1M8GDM9AXKP042788", Imsi = "310150123456789" });
        await device.WaitForAsync<BindResultMessage>(result => result.Vin == "1M8GDM9AXKP042788");

        await service.ExecuteSqlAsync(AllowEvents[storage]);
        await device.SendFrameAsync(frame);
        var receipt = await device.WaitForAsync<EventReceiptMessage>();
        Assert.Equal((EventMessageId(frame), 2), (receipt.MessageId, receipt.Count));
        Assert.Equal(new[] { T0 + 1, T0 + 2 }, await StoredTimesAsync(service, device));

        await device.SendFrameAsync(frame);
        await Eventually.TrueAsync(() => Task.FromResult(device.Received().OfType<EventReceiptMessage>().Count() == 2), "the copy was receipted too", TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { T0 + 1, T0 + 2 }, await StoredTimesAsync(service, device));
    }

    private static readonly Dictionary<string, string> RefuseEvents = new()
    {
        ["sqlite"] = "CREATE TRIGGER refuse_events BEFORE INSERT ON device_events BEGIN SELECT RAISE(ABORT, 'injected store failure'); END;",
        ["postgresql"] = """
            CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected store failure'; END $$;
            CREATE TRIGGER refuse_events BEFORE INSERT ON device_events FOR EACH ROW EXECUTE FUNCTION refuse_events();
            """,
    };

    private static readonly Dictionary<string, string> AllowEvents = new()
    {
        ["sqlite"] = "DROP TRIGGER refuse_events;",
        ["postgresql"] = "DROP TRIGGER refuse_events ON device_events; DROP FUNCTION refuse_events();",
    };

    /// <summary>An Event frame as the device's firmware builds it: two records, the device's next up id, its link MAC.</summary>
    internal static byte[] EventFrame(ScriptedDevice device, uint messageId, params uint[] deviceTimes)
    {
        var message = new EventMessage
        {
            MessageId = messageId,
            Events = [.. deviceTimes.Select(time => new EventRecord(EventKind.Unlocked, time, 0x4B45590000000001, (byte)CommandCode.Unlock, 0))],
        };
        return new MessageEncoder(new Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider())).Encode(message, device.Secrets.LinkUpKey);
    }

    internal static uint EventMessageId(byte[] frame) => (uint)((frame[2] << 24) | (frame[3] << 16) | (frame[4] << 8) | frame[5]);

    internal static async Task<uint[]> StoredTimesAsync(TestService service, ScriptedDevice device) =>
        [.. (await TestService.GetAsync<EventDto[]>(service.Operator, $"/v1/devices/{device.Id:x16}/events?limit=1000"))
            .Select(e => (uint)e.DeviceTime.ToUnixTimeSeconds()).Order()];
}
