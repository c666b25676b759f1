using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>The shared core (<see cref="DeviceRig"/>) with its MQTT session logic on top, over a recording uplink.</summary>
public sealed class LinkRig
{
    public LinkRig(TestCloud cloud, DeviceRig? device = null)
    {
        Device = device ?? DeviceRig.Provisioned(cloud);
        Uplink = new RecordingUplink(cloud);
        Link = Build();
    }

    public DeviceRig Device { get; }

    public MemoryFlash IdFlash { get; } = new(DurableRecord.Overhead + UplinkIds.SavedLength);

    public RecordingUplink Uplink { get; }

    public ListLog Log { get; } = new();

    public CloudLink Link { get; private set; }

    /// <summary>A power cycle of the device and its link; the uplink's record of what went up stays.</summary>
    public void Reboot()
    {
        Device.Reboot();
        Link = Build();
    }

    private CloudLink Build()
    {
        UplinkIds ids = new(new DurableRecord(IdFlash));
        ids.Open();
        return new CloudLink(Device.State, Device.Events, Device.Downlink, Device.Macs, new DeviceSecrets(Device.Macs, Samples.RootKey),
            ids, Uplink, Device.Clock, Log);
    }
}
