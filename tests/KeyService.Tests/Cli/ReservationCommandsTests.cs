using System.Globalization;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`reservation make|list|show|cancel` as a renter: tables by default, the API's JSON with --json; refusals as `error CODE:` with exit 2.</summary>
public sealed class ReservationCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_renter_reserves_sees_and_cancels_and_a_second_renter_is_refused_the_window()
    {
        await using var lockDevice = await Service.Support.Parking.LockOnlineAsync(service.Service, "cli-res-lock");
        var garage = (await Service.Support.Parking.CreateGarageAsync(service.Service, "Cli reservations")).Id;
        var spaceId = (await TestService.PostAsync<SpaceDto>(
            service.Service.Operator, "/v1/spaces", new { garageId = garage, spaceId = "R-01", level = 0, lockId = $"{lockDevice.Id:x16}", rules = new { cancelHoldMinutes = 30 } }))
            .Id;
        var (_, alice) = await service.Service.CreateUserAsync("cli-alice");
        var (_, bob) = await service.Service.CreateUserAsync("cli-bob");
        string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
        var from = DateTimeOffset.UtcNow.AddHours(3).ToString("O", CultureInfo.InvariantCulture);

        var made = await service.RunAsAsync(Token(alice), "reservation", "make", "--space", spaceId, "--from", from, "--hours", "2", "--json");
        var reservation = made.Read<ReservationApi.MadeReservation>().Reservation;
        var id = reservation.Id;
        var keyId = reservation.KeyId;

        var taken = await service.RunAsAsync(Token(bob), "reservation", "make", "--space", spaceId, "--from", from, "--hours", "1");
        Assert.Equal(2, taken.ExitCode);
        Assert.StartsWith("error space-taken:", taken.Error);

        var listed = await service.RunAsAsync(Token(alice), "reservation", "list");
        Assert.Contains(listed.Output.Split('\n'), line => line.Contains(id) && line.Contains(keyId) && line.Contains("booked"));
        var later = DateTimeOffset.UtcNow.AddHours(6).ToString("O", CultureInfo.InvariantCulture);
        var second = (await service.RunAsAsync(Token(alice), "reservation", "make", "--space", spaceId, "--from", later, "--hours", "1", "--json")).Read<ReservationApi.MadeReservation>().Reservation.Id;
        var firstPage = await service.RunAsAsync(Token(alice), "reservation", "list", "--limit", "1");
        Assert.Contains($"More: --after {id}", firstPage.Output);
        Assert.Contains(second, (await service.RunAsAsync(Token(alice), "reservation", "list", "--limit", "1", "--after", id)).Output);
        Assert.Contains("Free cancel until", (await service.RunAsAsync(Token(alice), "reservation", "show", id)).Output);
        Assert.Equal(1, (await service.RunAsAsync(Token(bob), "reservation", "show", id)).ExitCode);
        Assert.Contains(id, (await service.RunAsync("reservation", "list", "--space", spaceId, "--state", "booked")).Output);

        var cancelled = await service.RunAsAsync(Token(alice), "reservation", "cancel", id);
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Contains($"key {keyId} is revoked", cancelled.Output);
        var again = await service.RunAsAsync(Token(alice), "reservation", "cancel", id);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error reservation-not-active:", again.Error);
        Assert.Equal(ReservationState.Cancelled, (await service.JsonAsync<ReservationDto>("reservation", "show", id)).State);
    }

    [Fact]
    public async Task The_space_is_named_by_its_label_and_a_label_in_two_garages_needs_the_garage()
    {
        await using var first = await Service.Support.Parking.LockOnlineAsync(service.Service, "cli-label-lock-1");
        await using var second = await Service.Support.Parking.LockOnlineAsync(service.Service, "cli-label-lock-2");
        var north = (await Service.Support.Parking.CreateGarageAsync(service.Service, "Cli label north")).Id;
        var south = (await Service.Support.Parking.CreateGarageAsync(service.Service, "Cli label south")).Id;
        var label = $"L-{Random.Shared.Next(100_000):00000}";
        var northSpace = (await Service.Support.Parking.CreateSpaceAsync(service.Service, north, label, first.Id)).Id;
        var (_, carla) = await service.Service.CreateUserAsync("cli-carla");
        string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
        var from = DateTimeOffset.UtcNow.AddHours(5).ToString("O", CultureInfo.InvariantCulture);

        var byLabel = await service.RunAsAsync(Token(carla), "reservation", "make", "--space", label, "--from", from, "--hours", "1", "--json");
        Assert.Equal(northSpace, byLabel.Read<ReservationApi.MadeReservation>().Reservation.SpaceId);

        var southSpace = (await Service.Support.Parking.CreateSpaceAsync(service.Service, south, label, second.Id)).Id;
        var ambiguous = await service.RunAsAsync(Token(carla), "reservation", "make", "--space", label, "--from", from, "--hours", "1");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains($"2 garages have a space '{label}'; add --garage or give the id", ambiguous.Error);
        Assert.Contains(northSpace, ambiguous.Error);
        Assert.Contains(southSpace, ambiguous.Error);

        var narrowed = await service.RunAsAsync(Token(carla), "reservation", "make", "--space", label, "--garage", "Cli label south", "--from", from, "--hours", "1", "--json");
        Assert.Equal(southSpace, narrowed.Read<ReservationApi.MadeReservation>().Reservation.SpaceId);

        var listed = (await service.JsonAsync<ReservationPageDto>("reservation", "list", "--space", label, "--garage", north)).Items;
        Assert.Equal([northSpace], listed.Select(r => r.SpaceId));
        var unknown = await service.RunAsync("reservation", "list", "--space", "NO-SUCH");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no space is labelled 'NO-SUCH'", unknown.Error);
    }

    [Fact]
    public async Task A_renter_sees_when_a_space_is_free_as_a_table_and_as_json()
    {
        await using var lockDevice = await Service.Support.Parking.LockOnlineAsync(service.Service, "cli-free-lock");
        var garage = (await Service.Support.Parking.CreateGarageAsync(service.Service, "Cli availability")).Id;
        await Service.Support.Parking.CreateSpaceAsync(service.Service, garage, "AV-01", lockDevice.Id);
        var (_, erik) = await service.Service.CreateUserAsync("cli-erik");
        var (_, fay) = await service.Service.CreateUserAsync("cli-fay");
        string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;
        var t = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());
        string At(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await service.RunAsAsync(Token(erik), "reservation", "make", "--space", "AV-01", "--from", At(t.AddHours(1)), "--hours", "1")).ExitCode);

        var table = await service.RunAsAsync(Token(fay), "space", "availability", "AV-01", "--from", At(t), "--hours", "4");
        var json = await service.RunAsAsync(Token(fay), "space", "availability", "AV-01", "--from", At(t), "--to", At(t.AddHours(4)), "--json");
        var both = await service.RunAsAsync(Token(fay), "space", "availability", "AV-01", "--to", At(t), "--hours", "4");

        Assert.True(table.ExitCode == 0, table.ToString());
        var rows = table.Output.Split('\n');
        Assert.Contains(rows, line => line.Contains(Show(t)) && line.Contains(Show(t.AddHours(1))) && line.Contains("free"));
        Assert.Contains(rows, line => line.Contains(Show(t.AddHours(1))) && line.Contains(Show(t.AddHours(2))) && line.Contains("taken"));
        Assert.Contains(rows, line => line.Contains(Show(t.AddHours(2))) && line.Contains(Show(t.AddHours(4))) && line.Contains("free"));
        Assert.DoesNotContain("cli-erik", table.Output);
        var availability = json.Read<SpaceAvailabilityDto>();
        Assert.Equal(2, availability.Free.Count);
        Assert.Single(availability.Taken);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give at most one of --to or --hours", both.Error);
    }

    private static string Show(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_end_is_given_exactly_once()
    {
        var neither = await service.RunAsync("reservation", "make", "--space", "00000000000000aa", "--from", "2030-01-01T00:00:00Z");
        var both = await service.RunAsync("reservation", "make", "--space", "00000000000000aa", "--from", "2030-01-01T00:00:00Z", "--hours", "1", "--to", "2030-01-01T02:00:00Z");

        Assert.Equal(1, neither.ExitCode);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give exactly one of --to or --hours", both.Error);
    }
}
