using System.Globalization;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Rentals;
using Xunit.Abstractions;

namespace ShareKey.EndToEnd.Tests.KeyAuthority;

/// <summary>
/// The attack issue 9 opens with, end to end: one user rents and returns the same car again and
/// again while it has no network — more times than a bulletin once held (32) and than the car's
/// revocation table holds (64) — each new key's fetch carrying the newest bulletin to the car. The
/// user then tries the old keys, once a later fetch carried their return, from copies of the wallet
/// files saved at each key's fetch: each attempt is sent and carries the bulletin fetched with that
/// key, from before its revocation. No old key may open the car again: the first one, still
/// unexpired, is refused as revoked to the end; the short ones are refused as revoked or, once past
/// their end, as expired. The short rentals end seconds after they start (no key grace) so that
/// their keys expire and free their places in the bulletin; when the car's keys are all still in
/// force the service refuses a new rental (device-key-limit, failing closed) and the renter tries again.
/// </summary>
public sealed class RentalSeriesAtAnOfflineCarTests(ITestOutputHelper output)
{
    /// <summary>More than the car's revocation table holds.</summary>
    private const int ShortRentals = 70;

    private static readonly TimeSpan ShortRental = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Renting_and_returning_an_offline_car_many_times_never_brings_an_old_key_back()
    {
        await using var rig = await Rig.StartAsync(rentals: policy => policy.KeyGrace = TimeSpan.Zero);
        var board = await rig.ProvisionAsync("car-series");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        await rig.OperatorJsonAsync<RentalApi.Listing>("rental", "listing", vin);
        var mallory = await rig.PhoneOfAsync("mallory");
        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);

        var (firstRental, firstKey) = await RentAsync(mallory, vin, ["--hours", "2"]);
        await UseAndReturnAsync(mallory, underground, firstRental, firstKey);
        var keys = new List<string> { firstKey };
        var failedClosed = 0;
        for (var i = 0; i < ShortRentals; i++)
        {
            var started = await Eventually.GetAsync(
                async () =>
                {
                    var run = await mallory.AsUserAsync("rental", "start", "--vin", vin, "--ends-at", (DateTimeOffset.UtcNow + ShortRental).ToString("O", CultureInfo.InvariantCulture), "--json");
                    failedClosed += FailedClosed(run) ? 1 : 0;
                    return run;
                },
                run => !FailedClosed(run),
                $"rental {i + 2} started once a key expired");
            var rental = started.Read<RentalApi.StartedRental>().Rental;
            var key = rental.KeyId;
            await UseAndReturnAsync(mallory, underground, rental.Id.ToString(CultureInfo.InvariantCulture), key);

            // The key returned before this one (the fetch just made carried its revocation), with the
            // bulletin fetched before its return, and the first one.
            foreach (var old in new[] { keys[^1], firstKey }.Distinct())
            {
                var again = await mallory.WithCopyOf(old).UnlockAsync(old, underground);
                Assert.True(again.ExitCode == 2 && (again.Output.Contains("REFUSED: revoked.", StringComparison.Ordinal) || again.Output.Contains("REFUSED: expired.", StringComparison.Ordinal)),
                    $"after {i + 2} rentals, the {keys.IndexOf(old) + 1}. key {old} at the car: {again}");
            }

            keys.Add(key);
        }

        // The next renter's phone carries the last return to the car.
        var nina = await rig.PhoneOfAsync("nina");
        var (_, ninaKey) = await RentAsync(nina, vin, ["--hours", "1"]);
        Assert.Equal(0, (await nina.FetchAsync(ninaKey)).ExitCode);
        var ninaIn = await nina.UnlockAsync(ninaKey, underground);
        Assert.Equal(0, (await nina.LockAsync(ninaKey, underground)).ExitCode);
        var refusals = new List<(string Key, CliResult Attempt)>();
        foreach (var key in keys)
        {
            refusals.Add((key, await mallory.WithCopyOf(key).UnlockAsync(key, underground)));
        }

        Assert.Equal(ShortRentals + 1, keys.Distinct().Count());
        Assert.True(ninaIn.ExitCode == 0, ninaIn.ToString());
        Assert.All(refusals, refusal => Assert.True(
            refusal.Attempt.ExitCode == 2 && (refusal.Attempt.Output.Contains("REFUSED: revoked.", StringComparison.Ordinal) || refusal.Attempt.Output.Contains("REFUSED: expired.", StringComparison.Ordinal)),
            $"key {refusal.Key}: {refusal.Attempt}"));
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", refusals[0].Attempt.Output);
        Assert.True(underground.Relays.DoorsLocked);
        Assert.False(underground.Online.IsCompleted);
        output.WriteLine($"{keys.Count} rentals; {failedClosed} start(s) refused with device-key-limit while every key of the car was in force");
    }

    private static bool FailedClosed(CliResult run) => run.ExitCode != 0 && run.Error.Contains("error device-key-limit", StringComparison.Ordinal);

    /// <summary>
    /// A rental start that waits out a full bulletin: right after the series the car's last short
    /// keys may all still be in force, and the service then fails closed until one expires.
    /// </summary>
    private static async Task<(string RentalId, string KeyId)> RentAsync(UserPhone renter, string vin, string[] period)
    {
        var started = await Eventually.GetAsync(
            () => renter.AsUserAsync(["rental", "start", "--vin", vin, .. period, "--json"]),
            run => !FailedClosed(run),
            $"{renter.UserName}'s rental started once a key expired");
        var rental = started.Read<RentalApi.StartedRental>().Rental;
        return (rental.Id.ToString(CultureInfo.InvariantCulture), rental.KeyId);
    }

    /// <summary>Fetch (the phone takes the newest bulletin along), open and lock the offline car, return the rental.</summary>
    private static async Task UseAndReturnAsync(UserPhone renter, Simulator.Devices.SimulatedTBox car, string rentalId, string keyId)
    {
        var fetched = await renter.FetchAsync(keyId);
        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        var opened = await renter.UnlockAsync(keyId, car);
        Assert.True(opened.ExitCode == 0, opened.ToString());
        var locked = await renter.LockAsync(keyId, car);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        var returned = await renter.AsUserAsync("rental", "return", rentalId);
        Assert.True(returned.ExitCode == 0, returned.ToString());
    }
}
