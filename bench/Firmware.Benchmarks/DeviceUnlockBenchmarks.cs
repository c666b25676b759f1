using BenchmarkDotNet.Attributes;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The T-BOX's own work per unlock through the real controller (<see cref="UnlockScenario"/>), and
/// per challenge alone. Each benchmark method gets a fresh car from its own GlobalSetup.
/// </summary>
[MemoryDiagnoser]
public class DeviceUnlockBenchmarks
{
    private UnlockScenario _accepted = null!;
    private UnlockScenario _acceptedOnline = null!;
    private UnlockScenario _revoked = null!;
    private UnlockScenario _badMac = null!;

    [GlobalSetup(Target = nameof(Challenge) + "," + nameof(AcceptedUnlock))]
    public void SetupAccepted() => _accepted = UnlockScenario.Accepted();

    [GlobalSetup(Target = nameof(AcceptedUnlockOnline))]
    public void SetupOnline() => _acceptedOnline = UnlockScenario.AcceptedOnline();

    [GlobalSetup(Target = nameof(RefusedRevoked))]
    public void SetupRevoked() => _revoked = UnlockScenario.Revoked();

    [GlobalSetup(Target = nameof(RefusedBadMac))]
    public void SetupBadMac() => _badMac = UnlockScenario.BadMac();

    /// <summary>A read of the challenge characteristic: a new nonce and the Challenge frame.</summary>
    [Benchmark]
    public byte[] Challenge() => _accepted.Board.Controller.ReadChallenge();

    [Benchmark]
    public byte[] AcceptedUnlock() => _accepted.Run();

    [Benchmark]
    public byte[] AcceptedUnlockOnline() => _acceptedOnline.Run();

    [Benchmark]
    public byte[] RefusedRevoked() => _revoked.Run();

    [Benchmark]
    public byte[] RefusedBadMac() => _badMac.Run();
}
