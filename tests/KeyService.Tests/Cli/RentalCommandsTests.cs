using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`rental start|list|return`: a return revokes the renter's key and starts the car's rotation (R0.1).</summary>
public sealed class RentalCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_rental_starts_and_returns_with_a_rotation()
    {
        const string vin = "1M8GDM9A7KP042702";
        await using var car = await Fleet.OnlineAsync(service.Service, "rented-1", vin);
        await service.Service.CreateUserAsync("gina");
        Assert.Contains("is listed for rent", (await service.RunAsync("rental", "listing", vin)).Output);

        var started = await service.JsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "gina");
        var rentalId = started.Rental.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keyId = started.Rental.KeyId;
        var listed = await service.RunAsync("rental", "list", "--user", "gina", "--state", "active");
        var returned = await service.RunAsync("rental", "return", rentalId);
        var again = await service.RunAsync("rental", "return", rentalId);

        Assert.Contains(listed.Output.Split('\n'), line => line.Contains(keyId) && line.Contains("active"));
        Assert.DoesNotContain("More: --before", listed.Output);
        Assert.True(returned.ExitCode == 0, returned.ToString());
        Assert.Contains($"key {keyId} is revoked", returned.Output);
        Assert.Contains("from epoch 1 to 2", returned.Output);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error rental-not-active:", again.Error);
        Assert.Equal(KeyState.Revoked, (await service.JsonAsync<HeldKeyDto>("key", "show", keyId)).Key.State);
    }

    [Fact]
    public async Task The_end_is_given_exactly_once()
    {
        var neither = await service.RunAsync("rental", "start", "--vin", "1M8GDM9A7KP042702");
        var both = await service.RunAsync("rental", "start", "--vin", "1M8GDM9A7KP042702", "--hours", "1", "--ends-at", "2030-01-01T00:00:00Z");

        Assert.Equal(1, neither.ExitCode);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give exactly one of --ends-at or --hours", both.Error);
    }

    [Fact]
    public async Task Text_output_says_how_the_renter_fetches_the_key()
    {
        const string vin = "1M8GDM9A9KP042703";
        await using var car = await Fleet.OnlineAsync(service.Service, "rented-2", vin);
        await Fleet.ListForRentAsync(service.Service, vin);

        var run = await service.RunAsync("rental", "start", "--vin", vin, "--ends-at", DateTimeOffset.UtcNow.AddHours(3).ToString("O"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sharekey phone fetch", run.Output);
        Assert.Contains("sharekey rental return", run.Output);
    }

    [Fact]
    public async Task Rental_list_shows_a_page_and_the_flag_for_the_next()
    {
        const string vin = "1M8GDM9A4KP042706";
        await using var car = await Fleet.OnlineAsync(service.Service, "rented-3", vin);
        await service.Service.CreateUserAsync("hana");
        await Fleet.ListForRentAsync(service.Service, vin);
        for (var i = 0; i < 3; i++)
        {
            var started = await service.JsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "1", "--user", "hana");
            Assert.Equal(0, (await service.RunAsync("rental", "return", started.Rental.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);
        }

        var first = await service.RunAsync("rental", "list", "--user", "hana", "--limit", "2");
        var firstPage = await service.JsonAsync<RentalPageDto>("rental", "list", "--user", "hana", "--limit", "2");
        var rest = await service.JsonAsync<RentalPageDto>("rental", "list", "--user", "hana", "--limit", "2", "--before", $"{firstPage.NextBefore}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"More: --before {firstPage.NextBefore}", first.Output);
        Assert.Equal(2, firstPage.Items.Count);
        Assert.Single(rest.Items);
        Assert.Null(rest.NextBefore);
        Assert.Equal(3, firstPage.Items.Concat(rest.Items).Select(r => r.Id).Distinct().Count());
    }
}
