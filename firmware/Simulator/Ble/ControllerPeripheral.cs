using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Messages;

namespace ShareKey.Simulator.Ble;

/// <summary>
/// The T-BOX controller behind the BLE bridge: the same calls the board's GATT server makes.
/// <see cref="RssiOverride"/>, when set, replaces the signal the phone reports — the simulator's
/// "this car hears every phone at N dBm" knob.
/// </summary>
public sealed class ControllerPeripheral(TBoxController controller, ISimulatorLog log, string source) : IGattPeripheral
{
    public int? RssiOverride { get; set; }

    public byte[]? Connected()
    {
        log.Info(source, "ble: phone connected");
        return controller.BleConnected();
    }

    public byte[]? ReadChallenge() => controller.ReadChallenge();

    public void Signal(int rssiDbm) => controller.BleSignal(RssiOverride ?? rssiDbm);

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
