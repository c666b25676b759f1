using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Downlink
{
    /// <summary>
    /// The board part that answers a ReportRequest (docs/protocol.md §4.16): it logs its state now as
    /// events (a parking lock: occupancy and battery). Called once per new, authenticated message id;
    /// returns the Ack status.
    /// </summary>
    public interface IReportRequestHandler
    {
        AckStatus ReportNow();
    }
}
