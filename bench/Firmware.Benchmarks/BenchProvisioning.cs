using ShareKey.Firmware.Board;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>Provisions a bench board the way the cloud does, for either kind of board.</summary>
public static class BenchProvisioning
{
    /// <summary>Boots <paramref name="controller"/>, takes the cloud's provisioning frames online, receipts its events, and goes offline unless <paramref name="stayOnline"/>.</summary>
    public static void Provision(BoardController controller, BenchUplink uplink, BenchCloud cloud, bool stayOnline)
    {
        controller.Boot();
        uplink.Online = true;
        controller.MqttConnected();
        foreach (var frame in cloud.ProvisioningFrames())
        {
            controller.MqttFrameReceived(frame, 0, frame.Length);
        }

        uplink.ReceiptAll(controller, cloud);
        if (!stayOnline)
        {
            uplink.Online = false;
            controller.MqttDisconnected();
        }
    }
}
