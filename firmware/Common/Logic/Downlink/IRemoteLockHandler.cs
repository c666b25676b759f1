using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Downlink
{
    /// <summary>
    /// The board part that acts on a RemoteLock (R3): the T-BOX's immobiliser, a charger's connector
    /// lock. Called once per new, authenticated message id; returns the Ack status (Applied once the
    /// part is locked or released, Refused if it cannot be, Unsupported for a target it lacks).
    /// </summary>
    public interface IRemoteLockHandler
    {
        AckStatus Apply(RemoteLockMessage message);
    }
}
