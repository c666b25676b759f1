namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// What one unlock costs the T-BOX in the units the board pays in — HMACs, RNG draws, flash
/// writes — counted at the crypto and flash seams of the real controller, which BenchmarkDotNet
/// has no column for. The accepted unlock is held to the protocol's budget of 4 HMACs
/// (docs/architecture.md §4: 3 to verify, 1 to sign the Result); online, to those 4 plus one link
/// MAC for each up frame (KeyReport, Event batch) and one for the cloud's EventReceipt (README.md).
/// </summary>
public static class HmacCount
{
    public const int AcceptedUnlockBudget = 4;

    /// <summary>The 4, the KeyReport's and the Event batch's link MACs, and the EventReceipt's link MAC checked.</summary>
    public const int AcceptedUnlockOnlineBudget = AcceptedUnlockBudget + 2 + 1;

    /// <summary>Prints a table; returns 0 when the accepted unlocks (offline and online) are within budget, 2 over it.</summary>
    public static int Report(TextWriter output)
    {
        output.WriteLine("Per operation on the T-BOX controller (after warm-up; the phone's own MACs are not counted):");
        output.WriteLine($"{"operation",-28} {"HMACs",5} {"RNG",4} {"flash writes",12} {"flash bytes",11} {"published",9}");

        var accepted = UnlockScenario.Accepted();
        var challenge = Measure(accepted.Board, () => accepted.Board.Controller.ReadChallenge());
        Print(output, "challenge alone", challenge);
        var acceptedCost = Measure(accepted.Board, () => accepted.Run());
        Print(output, accepted.Name, acceptedCost);
        var online = UnlockScenario.AcceptedOnline();
        var onlineCost = Measure(online.Board, () => online.Run());
        Print(output, online.Name, onlineCost);
        foreach (var scenario in new[] { UnlockScenario.Revoked(), UnlockScenario.BadMac() })
        {
            Print(output, scenario.Name, Measure(scenario.Board, () => scenario.Run()));
        }

        output.WriteLine($"HMACs per accepted unlock (offline): {acceptedCost.Hmacs} (budget {AcceptedUnlockBudget})");
        output.WriteLine($"HMACs per accepted unlock (online, EventReceipt included): {onlineCost.Hmacs} (budget {AcceptedUnlockOnlineBudget})");
        return acceptedCost.Hmacs <= AcceptedUnlockBudget && onlineCost.Hmacs <= AcceptedUnlockOnlineBudget ? 0 : 2;
    }

    private static Cost Measure(BenchBoard board, Action operation)
    {
        var before = Snapshot(board);
        operation();
        var after = Snapshot(board);
        return new Cost(after.Hmacs - before.Hmacs, after.RandomFills - before.RandomFills, after.FlashWrites - before.FlashWrites,
            after.FlashBytes - before.FlashBytes, after.Published - before.Published);
    }

    private static Cost Snapshot(BenchBoard board) =>
        new(board.Crypto.Hmacs, board.Crypto.RandomFills, board.FlashWrites, board.FlashBytes, board.Uplink.Published);

    private static void Print(TextWriter output, string name, Cost cost) =>
        output.WriteLine($"{name,-28} {cost.Hmacs,5} {cost.RandomFills,4} {cost.FlashWrites,12} {cost.FlashBytes,11} {cost.Published,9}");

    private readonly record struct Cost(long Hmacs, long RandomFills, long FlashWrites, long FlashBytes, long Published);
}
