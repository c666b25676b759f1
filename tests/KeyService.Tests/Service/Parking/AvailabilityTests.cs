using System.Globalization;
using System.Net;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// A space's availability (GET /v1/spaces/{id}/availability): any renter sees its free windows and
/// the windows reserved — times only, never whose (no renter, reservation or key); cancelled
/// reservations free their window. The span is checked. On SQLite and PostgreSQL.
/// </summary>
public sealed class AvailabilityTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_renter_sees_the_free_and_taken_windows_and_nothing_of_whose(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, rules: new { cancelHoldMinutes = 60 });
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        var first = await world.ReservedAsync(alice, t.AddHours(1), t.AddHours(2));
        var second = await world.ReservedAsync(alice, t.AddHours(3), t.AddHours(4));
        var cancelled = await world.ReservedAsync(alice, t.AddHours(5), t.AddHours(6));
        await TestService.PostAsync<ReservationDto>(alice, $"/v1/reservations/{cancelled.Reservation.Id}/cancel", null);

        using var response = await bob.GetAsync($"/v1/spaces/{world.SpaceId}/availability?from={Q(t)}&to={Q(t.AddHours(8))}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var availability = ApiJson.Parse<SpaceAvailabilityDto>(text);

        Assert.Equal(
            [(t, t.AddHours(1)), (t.AddHours(2), t.AddHours(3)), (t.AddHours(4), t.AddHours(8))],
            Windows(availability.Free));
        Assert.Equal([(t.AddHours(1), t.AddHours(2)), (t.AddHours(3), t.AddHours(4))], Windows(availability.Taken));
        Assert.Equal("B1-00", availability.SpaceId);
        foreach (var made in new[] { first, second, cancelled })
        {
            Assert.DoesNotContain(made.Reservation.Id, text);
            Assert.DoesNotContain(made.Reservation.KeyId, text);
        }

        Assert.DoesNotContain(aliceId, text);
        Assert.DoesNotContain("alice", text);
        // Reservations themselves stay the renter's and the manager's.
        await AssertProblemAsync(await bob.GetAsync($"/v1/reservations?spaceId={world.SpaceId}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_window_overlapping_the_span_s_edges_is_shown_whole_and_the_free_ones_clipped(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage);
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        await world.ReservedAsync(alice, t, t.AddHours(2));

        var availability = await TestService.GetAsync<SpaceAvailabilityDto>(bob, $"/v1/spaces/{world.SpaceId}/availability?from={Q(t.AddHours(1))}&to={Q(t.AddHours(3))}");

        Assert.Equal([(t, t.AddHours(2))], Windows(availability.Taken));
        Assert.Equal([(t.AddHours(2), t.AddHours(3))], Windows(availability.Free));
    }

    [Fact]
    public async Task The_span_is_checked_and_an_unknown_space_is_not_found()
    {
        await using var world = await ReservationWorld.StartAsync("sqlite");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var t = DateTimeOffset.UtcNow;
        var path = $"/v1/spaces/{world.SpaceId}/availability";

        var backwards = await AssertProblemAsync(await bob.GetAsync($"{path}?from={Q(t)}&to={Q(t.AddHours(-1))}"), HttpStatusCode.BadRequest, "invalid-request");
        var tooLong = await AssertProblemAsync(await bob.GetAsync($"{path}?from={Q(t)}&to={Q(t.AddDays(32))}"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await bob.GetAsync($"{path}?from=soon"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await bob.GetAsync("/v1/spaces/00000000000000ab/availability"), HttpStatusCode.NotFound, "space-not-found");
        using var anonymous = new HttpClient { BaseAddress = new Uri(world.Service.Url) };
        await AssertProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "unauthenticated");
        var byDefault = await TestService.GetAsync<SpaceAvailabilityDto>(bob, path);

        Assert.Equal("to", backwards.Field);
        Assert.Contains("at most 31 days", tooLong.Detail);
        Assert.Equal(TimeSpan.FromDays(1), byDefault.To - byDefault.From);
        Assert.Single(byDefault.Free);
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static List<(DateTimeOffset, DateTimeOffset)> Windows(IEnumerable<PlannedWindow> windows) =>
        [.. windows.Select(w => (w.StartTime, w.EndTime))];
}
