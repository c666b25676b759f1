using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Uplink;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The MQTT client as the controller sees it: offline (every publish refused, as in a garage with
/// no signal) or online, keeping the ids it accepted until <see cref="AcknowledgeAll"/> reports
/// their PUBACKs — so an online unlock includes the KeyReport and Event batch going up and the
/// event leaving the log, without the benchmark allocating to track them.
/// </summary>
public sealed class BenchUplink : IUplink
{
    private readonly uint[] _pending = new uint[16];
    private int _count;

    public bool Online { get; set; }

    public long Published { get; private set; }

    public bool Publish(uint messageId, byte[] frame)
    {
        if (!Online)
        {
            return false;
        }

        if (_count == _pending.Length)
        {
            throw new InvalidOperationException("more publishes than one unlock makes; acknowledge them");
        }

        _pending[_count++] = messageId;
        Published++;
        return true;
    }

    /// <summary>The broker acknowledges everything published so far.</summary>
    public void AcknowledgeAll(TBoxController controller)
    {
        // A PUBACK can make the controller publish again (the next Event batch): keep going until none are left.
        for (var i = 0; i < _count; i++)
        {
            controller.UplinkDelivered(_pending[i]);
        }

        _count = 0;
    }
}
