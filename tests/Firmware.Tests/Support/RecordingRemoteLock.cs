using ShareKey.Firmware.Downlink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>A RemoteLock part that records what it was told to do and answers <see cref="Answer"/>.</summary>
public sealed class RecordingRemoteLock : IRemoteLockHandler
{
    public List<RemoteLockMessage> Applied { get; } = [];

    public AckStatus Answer { get; set; } = AckStatus.Applied;

    public AckStatus Apply(RemoteLockMessage message)
    {
        Applied.Add(message);
        return Answer;
    }
}
