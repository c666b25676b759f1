using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>
/// A device sends Event batches back to back, each as soon as the broker took the one before (as the
/// notification tests' car does): the service applies several of one device's batches per session, in
/// rounds, and each batch's receipt comes down while the device makes its next frame. Every batch is
/// stored once and receipted. Before the scripted device framed and decoded under one lock, about one
/// run in two lost a batch here: a frame made while a receipt was being decoded carried a link MAC
/// that did not verify, and the service dropped it as forged.
/// </summary>
public sealed class EventBurstTests
{
    private const int Batches = 1000;

    [Fact]
    public async Task Batches_sent_back_to_back_while_their_receipts_come_in_are_all_stored()
    {
        await using var service = await TestService.StartAsync();
        await using var device = await Fleet.OnlineAsync(service, "burst");

        var ids = new HashSet<uint>();
        for (var i = 0; i < Batches; i++)
        {
            ids.Add(await device.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Tampered, EventReceiptTests.T0 + (uint)i, 0, 0, 0)] }));
        }

        // A thousand sessions: room for a machine at load 30.
        await Eventually.GetAsync(
            () => Task.FromResult(device.Received().OfType<EventReceiptMessage>().Select(receipt => receipt.MessageId).Where(ids.Contains).Distinct().Count()),
            receipted => receipted == Batches,
            $"all {Batches} batches receipted",
            TimeSpan.FromMinutes(2));
        var stored = await TestService.GetAsync<EventDto[]>(service.Operator, $"/v1/devices/{device.Id:x16}/events?limit={Batches}");
        Assert.Equal(Enumerable.Range(0, Batches).Select(i => EventReceiptTests.T0 + (uint)i), stored.Select(e => (uint)e.DeviceTime.ToUnixTimeSeconds()).Order());
    }
}
