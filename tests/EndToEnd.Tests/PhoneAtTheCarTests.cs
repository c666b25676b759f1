using System.Globalization;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Keys;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// `sharekey phone` at a simulated T-BOX running the real device logic: what the phone says after
/// each kind of answer, and that what it says — and what `phone keys` lists — matches what the
/// service and the car know about the key.
/// </summary>
public sealed class PhoneAtTheCarTests
{
    [Fact]
    public async Task Accepted_commands_verify_a_spent_key_still_locks_and_a_key_for_another_car_is_not_sent()
    {
        await using var rig = await Rig.StartAsync();
        var car = await rig.CarInServiceAsync(await rig.ProvisionAsync("car-phone"));
        var other = await rig.CarInServiceAsync(await rig.ProvisionAsync("car-other"));
        var jana = await rig.PhoneOfAsync("jana");
        var unlimited = await IssueAsync(rig, jana, car.Bus.Vin!);
        var once = await IssueAsync(rig, jana, car.Bus.Vin!, "--max-uses", "1");
        Assert.Equal(0, (await jana.FetchAsync(unlimited)).ExitCode);
        Assert.Equal(0, (await jana.FetchAsync(once)).ExitCode);

        var start = await jana.StartAsync(unlimited, car, "--json");
        var first = await jana.UnlockAsync(once, car);
        var second = await jana.UnlockAsync(once, car);
        var locked = await jana.LockAsync(once, car);
        var elsewhere = await jana.UnlockAsync(unlimited, other);

        var outcome = start.Read<PhoneActuation.Outcome>();
        Assert.Equal("accepted", outcome.Status);
        Assert.Equal("start", outcome.Command);
        Assert.True(outcome.Verified);
        Assert.Equal("done", outcome.Actuation);
        Assert.False(outcome.Advisory);
        Assert.Contains("ACCEPTED: unlock done; 0 use(s) left. The answer is signed by the device.", first.Output);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("REFUSED: uses-exhausted. The answer is signed by the device.", second.Output);
        Assert.Contains("lock still works", second.Output);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.True(car.Relays.DoorsLocked);
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains($"is device {other.Status().DeviceId:x16}, the key is for device", elsewhere.Error);
        Assert.Contains("nothing was sent", elsewhere.Error);
    }

    [Fact]
    public async Task After_a_rotation_the_old_token_is_refused_unsigned_until_fetched_again()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-rotated");
        var car = await rig.CarInServiceAsync(board);
        var pia = await rig.PhoneOfAsync("pia");
        var key = await IssueAsync(rig, pia, car.Bus.Vin!);
        Assert.Equal(0, (await pia.FetchAsync(key)).ExitCode);
        Assert.Equal(0, (await rig.OperatorAsync("rotation", "start", "--device", board.Id)).ExitCode);
        await Eventually.TrueAsync(() => car.Status() is { ActiveEpoch: 2, BackupEpoch: 0 }, "the car on epoch 2 alone");

        var stale = await pia.UnlockAsync(key, car, "--json");
        await Eventually.GetAsync(() => rig.OperatorJsonAsync<HeldKeyDto>("key", "show", key), shown => shown.Key.Epoch == 2, "the key re-issued under epoch 2");
        Assert.Equal(0, (await pia.FetchAsync(key)).ExitCode);
        var fresh = await pia.UnlockAsync(key, car);

        Assert.Equal(2, stale.ExitCode);
        var advice = ApiJson.Parse<PhoneActuation.Outcome>(stale.Output);
        Assert.Equal("unknown-epoch", advice.Status);
        Assert.Equal("unsigned", advice.Trust);
        Assert.True(advice.Advisory);
        Assert.Equal("not-done", advice.Actuation);
        Assert.Equal("fetch-key", advice.Remedy);
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains("(epoch 2)", fresh.Output);
    }

    [Fact]
    public async Task After_a_revocation_the_phone_says_the_key_is_revoked_and_lists_it_so()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-revoked");
        var car = await rig.CarInServiceAsync(board);
        var ivo = await rig.PhoneOfAsync("ivo");
        var key = await IssueAsync(rig, ivo, car.Bus.Vin!);
        Assert.Equal(0, (await ivo.FetchAsync(key)).ExitCode);
        Assert.Equal(0, (await ivo.UnlockAsync(key, car)).ExitCode);
        Assert.Equal(0, (await ivo.LockAsync(key, car)).ExitCode);
        var sequenceBefore = car.Status().BulletinSequence;

        Assert.Equal(0, (await rig.OperatorAsync("key", "revoke", key)).ExitCode);
        await Eventually.TrueAsync(() => car.Status().BulletinSequence > sequenceBefore, "the car holding the bulletin that revokes the key");
        var refused = await ivo.UnlockAsync(key, car);
        var listedAfterRefusal = await ivo.KeysAsync("--json");
        var fetched = await ivo.FetchAsync(key);
        var listedAfterFetch = await ivo.KeysAsync();
        var again = await ivo.UnlockAsync(key, car);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", refused.Output);
        Assert.Contains("What to do: the key is revoked", refused.Output);
        var entry = Assert.Single(listedAfterRefusal.Read<List<PhoneKeysCommand.Listed>>());
        Assert.Equal("revoked", entry.State);
        Assert.Equal("device", entry.Learned?.Source);
        Assert.Equal(2, fetched.ExitCode);
        Assert.Contains($"key {key} is revoked", fetched.Error);
        Assert.Contains(listedAfterFetch.Output.Split('\n'), line => line.Contains(key, StringComparison.Ordinal) && line.Contains("revoked (per service", StringComparison.Ordinal));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"key {key} is revoked (the service says the key is revoked", again.Error);
        Assert.Contains("nothing was sent", again.Error);
        Assert.True(car.Relays.DoorsLocked);
    }

    private static async Task<string> IssueAsync(Rig rig, UserPhone phone, string vin, params string[] extra) =>
        (await rig.OperatorJsonAsync<HeldKeyDto>(["key", "issue", "--type", "owner", "--user", phone.UserName, "--vin", vin, .. extra])).Key.Id;
}
