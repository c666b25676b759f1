using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>RemoteLock messages as the cloud sends them: the immobiliser unless said otherwise, authorised at the rig's device time.</summary>
public static class RemoteLocks
{
    public static RemoteLockMessage Of(uint id, RemoteLockAction action, RemoteLockTarget target = RemoteLockTarget.Immobiliser, uint? requestedAt = null) =>
        new() { MessageId = id, Action = action, Target = target, RequestedAt = requestedAt ?? Samples.Now };
}
