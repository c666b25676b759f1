using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Downlink
{
    /// <summary>
    /// The T-BOX's VIN binding (R4): takes the cloud's answer to its BindRequest and clears its
    /// "bind pending" flag unless the outcome is rejected. Called once per new message id; returns the Ack status.
    /// </summary>
    public interface IBindResultHandler
    {
        AckStatus Apply(BindResultMessage message);
    }
}
