using ShareKey.Firmware.Events;
using ShareKey.Firmware.TBox;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// One phone unlocking one benchmark car, over and over: everything the T-BOX does for it, in the
/// order its BLE stack drives the controller — connect (first challenge), three RSSI samples, the
/// Command write (decode, verify, use and event saved to flash, relays, uplink when online), the
/// fresh challenge notified after the Result, disconnect — then the cloud's EventReceipts when online.
/// The phone's Command is made once, in the constructor (the nonce is fixed): the phone's work is
/// not the car's. Shared by the benchmarks and <c>--hmac-count</c> so both run the same work.
/// </summary>
public sealed class UnlockScenario
{
    /// <summary>The phone's signal, well above the default proximity threshold of -70 dBm.</summary>
    public const int RssiDbm = -50;

    /// <summary>
    /// Uptime between refused attempts. Five refusals within 60 s (the default policy) lock the BLE
    /// path, after which a refusal costs no HMAC at all; 20 s apart stays under that, so every
    /// refused attempt is verified in full — the expensive case an attacker can repeat indefinitely.
    /// </summary>
    private const uint RefusalSpacingSeconds = 20;

    /// <summary>Runs before measuring, enough to fill the 64-entry event log: an offline car's steady state, where every event save writes the full log.</summary>
    private const int WarmUpUnlocks = EventLog.Capacity + 16;

    private readonly BenchCloud _cloud;
    private readonly byte[] _command;
    private readonly RefusalReason _expected;
    private readonly uint _spacing;

    private UnlockScenario(string name, bool online, ulong keyId, bool knowsSecret, RefusalReason expected)
    {
        Name = name;
        _expected = expected;
        _spacing = expected == RefusalReason.Accepted ? 0 : RefusalSpacingSeconds;
        var cloud = new BenchCloud();
        _cloud = cloud;
        Board = new BenchBoard(cloud, online);
        var challenge = Board.Controller.BleConnected();
        _command = new BenchPhone(cloud, keyId, knowsSecret).Unlock(challenge);
        Board.Controller.BleDisconnected();
        for (var i = 0; i < WarmUpUnlocks; i++)
        {
            Run();
        }
    }

    public string Name { get; }

    public BenchBoard Board { get; }

    /// <summary>An unlock by the holder of a good key; the car is offline (nothing goes up).</summary>
    public static UnlockScenario Accepted() => new("accepted unlock, offline", false, BenchCloud.KeyId, true, RefusalReason.Accepted);

    /// <summary>The same, online: the KeyReport and the Event batch are published, and acknowledged.</summary>
    public static UnlockScenario AcceptedOnline() => new("accepted unlock, online", true, BenchCloud.KeyId, true, RefusalReason.Accepted);

    /// <summary>A correctly MAC'd command with a token the Rotate revoked: every check runs, and the Result is signed.</summary>
    public static UnlockScenario Revoked() => new("refused: revoked", false, BenchCloud.RevokedKeyId, true, RefusalReason.Revoked);

    /// <summary>A good token with a command MAC'd by someone without the holder secret.</summary>
    public static UnlockScenario BadMac() => new("refused: bad command MAC", false, BenchCloud.KeyId, false, RefusalReason.BadCommandMac);

    /// <summary>One unlock attempt; throws if the car's verdict is not the scenario's, so it cannot measure the wrong path.</summary>
    public byte[] Run()
    {
        var controller = Board.Controller;
        Board.Hardware.Advance(_spacing);
        controller.BleConnected();
        for (var i = 0; i < TBoxController.ProximityWindow; i++)
        {
            controller.BleSignal(RssiDbm);
        }

        var outcome = controller.BleCommand(_command, 0, _command.Length);
        if (outcome.Reason != _expected)
        {
            throw new InvalidOperationException($"{Name}: the car answered {Names.Of(outcome.Reason)}; this would measure the wrong path");
        }

        controller.ReadChallenge();
        controller.BleDisconnected();
        Board.Uplink.ReceiptAll(controller, _cloud);
        return outcome.ResultFrame;
    }
}
