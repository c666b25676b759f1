using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Uplink;

/// <summary>Down frames are authenticated before anything else; each one handled is acknowledged up, a duplicate with the same Ack.</summary>
public sealed class DownlinkAckTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_rotate_is_acknowledged_with_its_proof()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();

        byte[] frame = Frame(_cloud.Rotate(10, 8));
        rig.Link.Receive(frame, 0, frame.Length);

        AckMessage ack = Assert.Single(rig.Uplink.OfType<AckMessage>());
        Assert.Equal(10u, ack.AckedMessageId);
        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(8u, ack.Epoch);
        Assert.Equal(_cloud.AckProof(8, 10), ack.Proof);
    }

    [Fact]
    public void A_duplicate_gets_the_same_ack_under_a_new_uplink_id()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        byte[] frame = Frame(_cloud.Rotate(10, 8));

        rig.Link.Receive(frame, 0, frame.Length);
        rig.Link.Receive(frame, 0, frame.Length);

        List<AckMessage> acks = rig.Uplink.OfType<AckMessage>();
        Assert.Equal(2, acks.Count);
        Assert.Equal(acks[0].Proof, acks[1].Proof);
        Assert.Equal(acks[0].Status, acks[1].Status);
        Assert.NotEqual(acks[0].MessageId, acks[1].MessageId);
        Assert.Equal(8u, rig.Device.State.Epochs.ActiveEpoch);
    }

    [Fact]
    public void A_frame_whose_link_mac_fails_is_dropped_unanswered()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        rig.Uplink.Clear();
        byte[] frame = Frame(_cloud.Rotate(10, 8));
        frame[^1] ^= 1;

        Assert.Null(rig.Link.Receive(frame, 0, frame.Length));

        Assert.Empty(rig.Uplink.Sent);
        Assert.Equal(7u, rig.Device.State.Epochs.ActiveEpoch);
        Assert.True(rig.Log.Contains("L1"));
    }

    [Fact]
    public void A_frame_sent_with_the_up_key_is_not_taken_for_a_down_frame()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        rig.Uplink.Clear();
        byte[] reflected = new Protocol.Formatter.MessageEncoder(_cloud.Macs).Encode(_cloud.Commit(11, 7), _cloud.Secrets.LinkUpKey);

        Assert.Null(rig.Link.Receive(reflected, 0, reflected.Length));

        Assert.Empty(rig.Uplink.Sent);
    }

    [Fact]
    public void Garbage_is_dropped()
    {
        LinkRig rig = new(_cloud);
        rig.Link.Connected();
        rig.Uplink.Clear();

        Assert.Null(rig.Link.Receive([1, 2, 3], 0, 3));

        Assert.Empty(rig.Uplink.Sent);
    }

    private byte[] Frame(Message message) => _cloud.Down(message);
}
