using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>RemoteLock (R3) and BindResult (R4) go to the board's own parts; the Ack carries their answer.</summary>
public sealed class BoardSeamTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(AckStatus.Applied)]
    [InlineData(AckStatus.Refused)]
    [InlineData(AckStatus.Unsupported)]
    public void A_remote_lock_goes_to_the_board_part_and_its_answer_is_the_ack(AckStatus answer)
    {
        DeviceRig rig = new();
        rig.RemoteLock.Answer = answer;
        RemoteLockMessage message = new() { MessageId = 1, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.ChargerConnector, RequestedAt = Samples.Now };

        AckMessage ack = rig.Downlink.Handle(message);

        Assert.Equal(answer, ack.Status);
        Assert.Same(message, Assert.Single(rig.RemoteLock.Applied));
    }

    [Fact]
    public void A_bind_result_goes_to_the_board_part()
    {
        DeviceRig rig = new();
        BindResultMessage message = new() { MessageId = 1, Outcome = BindOutcome.Bound, Vin = "1M8GDM9AXKP042788" };

        AckMessage ack = rig.Downlink.Handle(message);

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Same(message, Assert.Single(rig.BindResult.Applied));
    }

    [Fact]
    public void A_board_without_those_parts_answers_unsupported()
    {
        DeviceRig rig = new(boardParts: false);

        Assert.Equal(AckStatus.Unsupported, rig.Downlink.Handle(new RemoteLockMessage { MessageId = 1, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.Doors }).Status);
        Assert.Equal(AckStatus.Unsupported, rig.Downlink.Handle(new BindResultMessage { MessageId = 2, Outcome = BindOutcome.Bound, Vin = "1M8GDM9AXKP042788" }).Status);
    }

    [Fact]
    public void A_message_that_is_not_a_down_message_is_unsupported()
    {
        DeviceRig rig = new();

        Assert.Equal(AckStatus.Unsupported, rig.Downlink.Handle(new AckMessage { MessageId = 1, Proof = new byte[16] }).Status);
    }
}
