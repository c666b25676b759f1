using ShareKey.Firmware.Downlink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>A VIN-binding part that records the results it got and answers <see cref="Answer"/>.</summary>
public sealed class RecordingBindResult : IBindResultHandler
{
    public List<BindResultMessage> Applied { get; } = [];

    public AckStatus Answer { get; set; } = AckStatus.Applied;

    public AckStatus Apply(BindResultMessage message)
    {
        Applied.Add(message);
        return Answer;
    }
}
