using System.Net;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// 100 requests of 10 renters for windows of one space that all overlap each other, all in flight at once over HTTP:
/// exactly one is reserved (one key issued), every other gets space-taken naming the winner's
/// window. On SQLite and PostgreSQL — where the requests really run side by side.
/// </summary>
public sealed class ReservationRaceTests
{
    private const int Requests = 100;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Of_100_overlapping_requests_at_once_exactly_one_is_reserved(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage);
        await RaceAsync(world);
    }

    /// <summary>
    /// The booking that wins must not wait on the ones that wait on it. A booking that wrote its
    /// reservation and then updated it (to name its key) re-checked the exclusion constraint whenever
    /// the update could not be made in place (a HOT update), and waited on the overlapping bookings
    /// waiting on it: a deadlock PostgreSQL broke after a second, again for the next in line, until
    /// requests timed out. An index on key_id, made here, rules out the in-place update.
    /// </summary>
    [Fact]
    public async Task On_PostgreSQL_the_winner_never_waits_on_the_bookings_waiting_on_it()
    {
        await using var world = await ReservationWorld.StartAsync("postgresql");
        await world.Service.ExecuteSqlAsync("CREATE INDEX race_reservations_key ON reservations (key_id)");
        await RaceAsync(world);
    }

    private static async Task RaceAsync(ReservationWorld world)
    {
        var renters = new List<HttpClient>();
        for (var i = 0; i < 10; i++)
        {
            renters.Add((await world.Service.CreateUserAsync($"racer-{i}")).Client);
        }

        var start = DateTimeOffset.UtcNow.AddHours(1);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, Requests).Select(i => Task.Run(async () =>
        {
            await go.Task;
            using var response = await world.ReserveAsync(renters[i % renters.Count], start.AddMinutes(i), start.AddMinutes(i + 120));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(racing);

        var won = ApiJson.Parse<ReservationApi.MadeReservation>(Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created).Body).Reservation;
        var lost = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Requests - 1, lost.Count);
        Assert.All(lost, a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.StatusCode);
            var problem = ApiJson.Parse<ApiProblem>(a.Body);
            Assert.Equal("space-taken", problem.Code);
            Assert.Equal(won.PlannedUse.StartTime, problem.Taken?.StartTime);
        });

        var stored = (await TestService.GetAsync<ReservationPageDto>(world.Service.Operator, $"/v1/reservations?spaceId={world.SpaceId}")).Items;
        Assert.Equal([won.Id], stored.Select(r => r.Id));
        var renterKeys = (await TestService.KeysAsync(world.Service.Operator, $"deviceId={world.Lock.Id:x16}"))
            .Where(k => k.Type == KeyType.Renter).ToList();
        Assert.Equal([won.KeyId], renterKeys.Select(k => k.Id));
    }
}
