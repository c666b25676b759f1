using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// The renter's map (R2.10), judged as a picture: the SVG is rendered by headless Chromium and the
/// screenshot's pixels must show the marked space, the route along the aisles from the entrance —
/// over the ramp when the space is on another floor — and nothing marked that should not be.
/// Who may fetch it: a holder of a live key of the space's lock, its managers, operators.
/// </summary>
public sealed class SpaceMapTests
{
    [Fact]
    public async Task The_renter_sees_their_space_marked_and_the_way_to_it()
    {
        await using var service = await TestService.StartAsync();
        await using var lockG01 = await Support.Parking.LockOnlineAsync(service, "lock-g01");
        var file = GarageFiles.Example();
        foreach (var name in GarageFiles.LockNames(file).Where(name => name != "lock-g01"))
        {
            await service.ProvisionAsync(name, "parking-lock");
        }

        var imported = await GarageFiles.ImportAsync(service, file);
        var (renterId, renter) = await service.CreateUserAsync("map-renter");
        var (_, stranger) = await service.CreateUserAsync("map-stranger");
        var g01 = GarageFiles.SpaceId(imported, "G-01");

        await AssertProblemAsync(await renter.GetAsync($"/v1/spaces/{g01}/map"), HttpStatusCode.Forbidden, "forbidden");
        await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "renter", userId = renterId, deviceId = $"{lockG01.Id:x16}" });
        await AssertProblemAsync(await stranger.GetAsync($"/v1/spaces/{g01}/map"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await renter.GetAsync($"/v1/spaces/{GarageFiles.SpaceId(imported, "G-02")}/map"), HttpStatusCode.Forbidden, "forbidden");

        using var response = await renter.GetAsync($"/v1/spaces/{g01}/map");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        var (garage, layout) = await LayoutAsync(service, imported);
        var picture = await Chromium.ScreenshotAsync(svg, layout.Width, layout.Height);

        Assert.Equal((layout.Width, layout.Height), (picture.Width, picture.Height));
        AssertColour(picture, layout, garage, Inside("G-01"), MapPicture.Marked, "the renter's space");
        AssertColour(picture, layout, garage, (0, 20, 17.75), MapPicture.RouteColour, "the route from the gate up the middle aisle");
        AssertColour(picture, layout, garage, (0, 15.75, 12), MapPicture.RouteColour, "the route west along the aisle");
        AssertColour(picture, layout, garage, (0, 24, 12), MapPicture.AisleColour, "the aisle east, not on the route");
        AssertColour(picture, layout, garage, Inside("G-02"), MapPicture.Plain, "another space");
        AssertColour(picture, layout, garage, Inside("B-01"), MapPicture.Plain, "a space on the floor below");
    }

    [Fact]
    public async Task A_route_to_the_floor_below_goes_over_the_ramp()
    {
        await using var service = await TestService.StartAsync();
        var file = GarageFiles.Example();
        await GarageFiles.ProvisionLocksAsync(service, file);
        var imported = await GarageFiles.ImportAsync(service, file);

        var svg = await (await service.Operator.GetAsync($"/v1/spaces/{GarageFiles.SpaceId(imported, "B-01")}/map")).Content.ReadAsStringAsync();
        var (garage, layout) = await LayoutAsync(service, imported);
        var picture = await Chromium.ScreenshotAsync(svg, layout.Width, layout.Height);

        AssertColour(picture, layout, garage, Inside("B-01"), MapPicture.Marked, "the space below");
        AssertColour(picture, layout, garage, (0, 31.5, 12), MapPicture.RouteColour, "the aisle east to the ramp on the street level");
        AssertColour(picture, layout, garage, (-1, 24.5, 12), MapPicture.RouteColour, "the basement aisle from the ramp");
        AssertColour(picture, layout, garage, (0, 15.75, 12), MapPicture.AisleColour, "the street level's west aisle, not on the way");
        AssertColour(picture, layout, garage, Inside("G-01"), MapPicture.Plain, "a street-level space");
    }

    [Fact]
    public async Task A_garage_without_a_map_says_so()
    {
        await using var service = await TestService.StartAsync();
        await using var lockDevice = await Support.Parking.LockOnlineAsync(service, "lock-nomap");
        var garage = (await Support.Parking.CreateGarageAsync(service, "No map")).Id;
        var space = (await Support.Parking.CreateSpaceAsync(service, garage, "N-1", lockDevice.Id)).Id;

        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/spaces/{space}/map"), HttpStatusCode.Conflict, "garage-has-no-map");
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/garages/{garage}/export"), HttpStatusCode.Conflict, "garage-has-no-map");
    }

    /// <summary>Halfway between the outline's centre and its first corner: inside the space, clear of its label.</summary>
    private static (int Level, double X, double Y) Inside(string label)
    {
        var space = GarageFiles.Example()["floors"]!.AsArray()
            .SelectMany(floor => floor!["spaces"]!.AsArray().Select(s => (Level: floor["level"]!.GetValue<int>(), Space: s!)))
            .Single(s => s.Space["spaceId"]!.GetValue<string>() == label);
        var outline = space.Space["outline"]!.AsArray().Select(p => new[] { p![0]!.GetValue<double>(), p[1]!.GetValue<double>() }).ToList();
        var (cx, cy) = Geometry.Centre(outline);
        return (space.Level, (cx + outline[0][0]) / 2, (cy + outline[0][1]) / 2);
    }

    private static void AssertColour(Png picture, MapLayout layout, Garage garage, (int Level, double X, double Y) at, string expected, string what)
    {
        var (px, py) = layout.Pixel(at.Level, at.X, at.Y);
        var (r, g, b) = picture.At((int)Math.Round(px), (int)Math.Round(py));
        var want = (R: Hex(expected, 1), G: Hex(expected, 3), B: Hex(expected, 5));
        var close = Math.Abs(r - want.R) <= 8 && Math.Abs(g - want.G) <= 8 && Math.Abs(b - want.B) <= 8;
        Assert.True(close, $"{what} in garage '{garage.Name}' at level {at.Level} ({at.X}, {at.Y}) = pixel ({px:0}, {py:0}) is #{r:x2}{g:x2}{b:x2}, not {expected}");
    }

    private static int Hex(string colour, int at) => int.Parse(colour.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static async Task<(Garage Garage, MapLayout Layout)> LayoutAsync(TestService service, MapApi.ImportedGarage imported)
    {
        var store = service.Services.GetRequiredService<IKeyStore>();
        await using var session = await store.BeginAsync(CancellationToken.None);
        var garage = (await session.Garages.GetAsync(Ids.Parse(imported.Garage.Id, "garage"), CancellationToken.None))!;
        return (garage, new MapLayout(garage, garage.Map!));
    }
}
