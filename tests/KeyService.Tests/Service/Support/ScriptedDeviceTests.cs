using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// The scripted device is used from several threads at once: the test sends its frames while the
/// device's MQTT client decodes what comes down and sends Acks on its own. Each frame it makes must
/// still carry a true link MAC: a frame the service cannot verify is dropped as forged, and an Event
/// batch dropped so is lost to a test (the scripted device does not send a batch again).
/// </summary>
public sealed class ScriptedDeviceTests
{
    [Fact]
    public async Task Frames_made_on_several_threads_at_once_all_verify()
    {
        var rootKey = new byte[DeviceSecrets.RootKeyLength];
        Random.Shared.NextBytes(rootKey);
        await using var device = new ScriptedDevice(new BoardFile(0x5C41_9000_0000_0001, rootKey, "127.0.0.1", 1, "unused", "unused", new Dictionary<string, string>()));
        var linkUpKey = new DeviceSecrets(new Macs(new DotNetCryptoProvider()), rootKey).LinkUpKey;

        // Two threads started together, as the test's and the MQTT client's are: their frames overlap.
        const int Threads = 2;
        using var start = new Barrier(Threads);
        var frames = await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, 50_000)
                    .Select(i => device.Frame(new EventMessage { Events = [new EventRecord(EventKind.Unlocked, (uint)i, (ulong)thread, 0, 0)] }))
                    .ToList();
            },
            TaskCreationOptions.LongRunning)));

        // The service's side: a decoder of its own, the device's link-up key.
        var decoder = new MessageDecoder(new Macs(new DotNetCryptoProvider()));
        var ids = new HashSet<uint>();
        var forged = 0;
        foreach (var frame in frames.SelectMany(made => made))
        {
            try
            {
                ids.Add(decoder.DecodeUp(frame, 0, frame.Length, linkUpKey).MessageId);
            }
            catch (ShareKey.Protocol.ProtocolException)
            {
                forged++;
            }
        }

        Assert.Equal(0, forged);
        Assert.Equal(Threads * 50_000, ids.Count);
    }
}
