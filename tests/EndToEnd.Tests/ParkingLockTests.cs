using System.Globalization;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.Protocol.Verification;
using ShareKey.Simulator.Devices;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// A parking lock end to end: provisioned by `sharekey device provision --kind parking-lock`, booted
/// in the simulator (the real ParkingLockController over a simulated arm, sensor and car), brought
/// into service by the real KeyService over its broker, and worked by `sharekey phone` over the BLE
/// bridge with keys the service issued — a window and a use limit enforced by the lock with no
/// network, and everything the lock saw arriving at the service's device events API.
/// </summary>
public sealed class ParkingLockTests
{
    [Fact]
    public async Task A_phone_opens_the_lock_a_car_parks_and_leaves_the_barrier_closes_and_the_keys_limits_hold_offline()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("bay-7", "parking-lock");
        var bay = await rig.LockInServiceAsync(board, Quick);
        var rita = await rig.PhoneOfAsync("rita");
        var now = DateTimeOffset.UtcNow;
        var twice = await IssueAsync(rig, rita, board, now.AddMinutes(-1), now.AddHours(1), maxUses: 2);
        var later = await IssueAsync(rig, rita, board, now.AddHours(1), now.AddHours(2));
        var shortWindowEnd = now.AddSeconds(20);
        var brief = await IssueAsync(rig, rita, board, now.AddMinutes(-1), shortWindowEnd);
        foreach (var key in new[] { twice, later, brief })
        {
            Assert.Equal(0, (await rita.FetchAsync(key)).ExitCode);
        }

        // Online: the phone lowers the barrier, a car parks and leaves, the barrier raises by itself.
        var opened = await rita.UnlockAsync(twice, bay);
        await SeenAsync(rig, bay, s => s.Position == BarrierPosition.Lowered);
        bay.CarArrives();
        await SeenAsync(rig, bay, s => s.Occupancy == Occupancy.Occupied);
        bay.CarLeaves();
        await SeenAsync(rig, bay, s => s is { Occupancy: Occupancy.Free, Position: BarrierPosition.Raised });
        var online = await Eventually.GetAsync(
            () => EventsAsync(rig, board),
            events => Has(events, "unlocked", twice) && Has(events, "occupancy", value: 1) && Has(events, "occupancy", value: 0) && Has(events, "auto-raised", detail: 1),
            "the unlock, both occupancy changes and the automatic raise at the service");

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("ACCEPTED: unlock done; 1 use(s) left. The answer is signed by the device.", opened.Output);
        Assert.Equal(1.0, bay.Barrier.Height);

        // Offline (no broker reachable): the same board over the same flash, the arm up where it was.
        await rig.PowerOffAsync(bay);
        var offline = await rig.PowerOnLockAsync(board, o => Quick(o) with { StartRaised = true }, online: false);
        await SeenAsync(rig, offline, s => s is { ActiveEpoch: 1, Occupancy: Occupancy.Free });
        var second = await rita.UnlockAsync(twice, offline, "--json");
        await SeenAsync(rig, offline, s => s.Position == BarrierPosition.Lowered);
        var closed = await rita.LockAsync(twice, offline);
        await SeenAsync(rig, offline, s => s.Position == BarrierPosition.Raised);
        var spent = await rita.UnlockAsync(twice, offline);
        var early = await rita.UnlockAsync(later, offline);
        await SeenAsync(rig, offline, s => s.DeviceTime > shortWindowEnd.ToUnixTimeSeconds(), TimeSpan.FromSeconds(60));
        var expired = await rita.UnlockAsync(brief, offline);
        var barrierAfterRefusals = offline.Status().Position;

        var secondOutcome = second.Read<PhoneActuation.Outcome>();
        Assert.Equal("accepted", secondOutcome.Status);
        Assert.Equal(0, secondOutcome.RemainingUses);
        Assert.True(closed.ExitCode == 0, closed.ToString());
        Assert.Equal(2, spent.ExitCode);
        Assert.Contains("REFUSED: uses-exhausted. The answer is signed by the device.", spent.Output);
        Assert.Equal(2, early.ExitCode);
        Assert.Contains("REFUSED: not-yet-valid", early.Output);
        Assert.Equal(2, expired.ExitCode);
        Assert.Contains("REFUSED: expired", expired.Output);
        Assert.Equal(BarrierPosition.Raised, barrierAfterRefusals);
        Assert.False(offline.Status().Online);

        // Back in coverage: what the lock did offline reaches the service.
        await rig.PowerOffAsync(offline);
        await rig.PowerOnLockAsync(board, o => Quick(o) with { StartRaised = true });
        var all = await Eventually.GetAsync(
            () => EventsAsync(rig, board),
            events => Count(events, "unlocked", twice) == 2 && Has(events, "locked", twice)
                && Has(events, "refused", twice, (byte)RefusalReason.UsesExhausted)
                && Has(events, "refused", later, (byte)RefusalReason.NotYetValid)
                && Has(events, "refused", brief, (byte)RefusalReason.Expired),
            "the offline unlock, lock and three refusals at the service");
        Assert.True(all.Count > online.Count);
    }

    [Fact]
    public async Task The_phone_is_refused_start_on_a_lock_and_told_so()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("bay-8", "parking-lock");
        var bay = await rig.LockInServiceAsync(board, Quick);
        var sam = await rig.PhoneOfAsync("sam");
        var now = DateTimeOffset.UtcNow;
        var key = await IssueAsync(rig, sam, board, now.AddMinutes(-1), now.AddHours(1));
        Assert.Equal(0, (await sam.FetchAsync(key)).ExitCode);

        var start = await sam.StartAsync(key, bay);

        Assert.Equal(2, start.ExitCode);
        Assert.Contains("REFUSED: not-permitted. The answer is signed by the device.", start.Output);
        Assert.Equal(BarrierPosition.Raised, bay.Status().Position);
        Assert.Equal(1.0, bay.Barrier.Height);
    }

    /// <summary>The board's timings, but no dwell and a 2 s close delay (the market's 50–70 s would make a slow test), and a 1 s arm.</summary>
    private static SimulatedParkingLockOptions Quick(SimulatedParkingLockOptions options) => options with
    {
        TravelMs = 1000,
        Settings = new LockSettings { DwellSeconds = 0, CloseDelaySeconds = 2 },
    };

    /// <summary>Waits (bounded) until the lock's status satisfies <paramref name="condition"/>; a time-out names the last status and what the lock logged.</summary>
    private static async Task SeenAsync(Rig rig, SimulatedParkingLock parkingLock, Func<ParkingLockStatus, bool> condition, TimeSpan? timeout = null)
    {
        try
        {
            await parkingLock.WaitForAsync(condition).WaitAsync(timeout ?? Eventually.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            var s = parkingLock.Status();
            throw new TimeoutException(
                $"{parkingLock.Name}: barrier {s.Position}, occupancy {s.Occupancy}, auto-close {s.AutoClose}, device time {s.DeviceTime}, arm {parkingLock.Barrier.Describe()}; its log:\n"
                + string.Join('\n', rig.Log.Lines.TakeLast(40)));
        }
    }

    private static async Task<string> IssueAsync(Rig rig, UserPhone phone, Board board, DateTimeOffset notBefore, DateTimeOffset notAfter, int? maxUses = null)
    {
        string[] limit = maxUses is { } n ? ["--max-uses", n.ToString(CultureInfo.InvariantCulture)] : [];
        var issued = await rig.OperatorJsonAsync<HeldKeyDto>(
        [
            "key", "issue", "--type", "owner", "--user", phone.UserName, "--device", board.Id,
            "--not-before", notBefore.ToString("O", CultureInfo.InvariantCulture), "--not-after", notAfter.ToString("O", CultureInfo.InvariantCulture), .. limit,
        ]);
        return issued.Key.Id;
    }

    private static Task<List<EventDto>> EventsAsync(Rig rig, Board board) =>
        rig.Service.Operator.GetAsync<List<EventDto>>($"/v1/devices/{board.Id}/events?limit=200");

    private static int Count(List<EventDto> events, string kind, string? keyId = null, byte? detail = null, short? value = null) =>
        events.Count(e => e.Kind == kind
            && (keyId is null || e.KeyId == keyId)
            && (detail is null || e.Detail == detail)
            && (value is null || e.Value == value));

    private static bool Has(List<EventDto> events, string kind, string? keyId = null, byte? detail = null, short? value = null) =>
        Count(events, kind, keyId, detail, value) > 0;
}
