using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Messages;

namespace ShareKey.Simulator.Ble;

/// <summary>
/// A board controller (the T-BOX's or the parking lock's) behind the BLE bridge: the same calls the
/// board's GATT server makes, and <paramref name="signal"/> for each RSSI sample (the controller's
/// <c>BleSignal</c>). <see cref="RssiOverride"/>, when set, replaces the signal the phone reports —
/// the simulator's "this device hears every phone at N dBm" knob.
/// </summary>
public sealed class ControllerPeripheral(IBleEndpoint controller, Action<int> signal, ISimulatorLog log, string source) : IGattPeripheral
{
    public int? RssiOverride { get; set; }

    public byte[]? Connected()
    {
        log.Info(source, "ble: phone connected");
        return controller.BleConnected();
    }

    public byte[]? ReadChallenge() => controller.ReadChallenge();

    public void Signal(int rssiDbm) => signal(RssiOverride ?? rssiDbm);

    public byte[] WriteCommand(byte[] frame)
    {
        UnlockOutcome outcome = controller.BleCommand(frame, 0, frame.Length);
        log.Info(source, $"ble: {Names.Of(outcome.Command)} {Names.Of(outcome.Reason)}");
        return outcome.ResultFrame;
    }

    public void Disconnected()
    {
        controller.BleDisconnected();
        log.Info(source, "ble: phone disconnected");
    }
}
