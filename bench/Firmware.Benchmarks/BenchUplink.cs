using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The MQTT client as the controller sees it: offline (every publish refused, as in a garage with
/// no signal) or online, keeping the id and size of each Event batch it accepted until
/// <see cref="ReceiptAll"/> hands the controller the cloud's EventReceipts for them — so an online
/// unlock includes the KeyReport and Event batch going up and the event leaving the log, without
/// the benchmark allocating to track them (each receipt frame is the cloud's encoding, one array).
/// </summary>
public sealed class BenchUplink : IUplink
{
    private readonly uint[] _batchIds = new uint[16];
    private readonly int[] _batchCounts = new int[16];
    private int _batches;

    public bool Online { get; set; }

    public long Published { get; private set; }

    public bool Publish(uint messageId, byte[] frame)
    {
        if (!Online)
        {
            return false;
        }

        // Header: version, type, message id (4), payload length (2); an Event payload opens with its count.
        if (frame[1] == (byte)MessageType.Event)
        {
            if (_batches == _batchIds.Length)
            {
                throw new InvalidOperationException("more Event batches than one unlock makes; receipt them");
            }

            _batchIds[_batches] = messageId;
            _batchCounts[_batches++] = frame[8];
        }

        Published++;
        return true;
    }

    /// <summary>The cloud stores every batch published so far and sends its receipt.</summary>
    public void ReceiptAll(IMqttEndpoint controller, BenchCloud cloud)
    {
        // A receipt can make the controller publish again (the next Event batch): keep going until none are left.
        for (var i = 0; i < _batches; i++)
        {
            var receipt = cloud.EventReceipt(_batchIds[i], _batchCounts[i]);
            controller.MqttFrameReceived(receipt, 0, receipt.Length);
        }

        _batches = 0;
    }
}
