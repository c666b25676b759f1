using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// Garage files (docs/garage-file.md): the example imports and exports back unchanged, byte for
/// byte; a bad file is refused naming each problem and creates nothing. On SQLite and PostgreSQL.
/// </summary>
public sealed class GarageFileTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task The_example_garage_round_trips_unchanged(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var file = GarageFiles.Example();
        await GarageFiles.ProvisionLocksAsync(service, file);
        var (_, user) = await service.CreateUserAsync("file-user");

        await AssertProblemAsync(await GarageFiles.Import(user, file), HttpStatusCode.Forbidden, "forbidden");
        using var imported = await GarageFiles.Import(service.Operator, file);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var body = await imported.ReadAsync<MapApi.ImportedGarage>();
        Assert.Equal(["G-01", "G-02", "G-03", "B-01", "B-02"], body.Spaces.Select(s => s.SpaceId));
        Assert.True(body.Garage.HasMap);
        var garageId = body.Garage.Id;

        var spaces = await TestService.GetAsync<SpaceDto[]>(user, $"/v1/spaces?garageId={garageId}");
        var b02 = spaces.Single(s => s.SpaceId == "B-02");
        Assert.Equal(-1, b02.Level);
        Assert.Equal(480, b02.Rules.MaxReservationMinutes);

        await AssertProblemAsync(await user.GetAsync($"/v1/garages/{garageId}/export"), HttpStatusCode.Forbidden, "forbidden");
        using var exported = await service.Operator.GetAsync($"/v1/garages/{garageId}/export");
        var text = await exported.Content.ReadAsStringAsync();
        Assert.True(JsonNode.DeepEquals(file, JsonNode.Parse(text)), text);
        Assert.Equal(GarageFiles.ExampleText.TrimEnd('\n'), text);

        // Once in: the same file again is another garage of the same name, and the locks are taken.
        await AssertProblemAsync(await GarageFiles.Import(service.Operator, file), HttpStatusCode.Conflict, "garage-exists");
        file["name"] = "Harbour Garage 2";
        await AssertProblemAsync(await GarageFiles.Import(service.Operator, file), HttpStatusCode.Conflict, "lock-already-bound");
        Assert.Single(await TestService.GetAsync<GarageDto[]>(user, "/v1/garages"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_space_added_through_the_api_is_exported_undrawn_and_imports_elsewhere_unchanged(string storage)
    {
        await using var first = await TestService.StartAsync(storage);
        await using var second = await TestService.StartAsync(storage);
        var file = GarageFiles.Example();
        foreach (var service in new[] { first, second })
        {
            await GarageFiles.ProvisionLocksAsync(service, file);
            await service.ProvisionAsync("lock-g04", "parking-lock");
        }

        using var imported = await GarageFiles.Import(first.Operator, file);
        var garageId = (await imported.ReadAsync<MapApi.ImportedGarage>()).Garage.Id;
        var lockId = (await TestService.GetAsync<DevicePageDto>(first.Operator, "/v1/devices?kind=parking-lock")).Items
            .Single(d => d.Name == "lock-g04").Id;
        await TestService.PostAsync<SpaceDto>(
            first.Operator, "/v1/spaces", new { garageId, spaceId = "G-04", level = 0, lockId, rules = new { cancelHoldMinutes = 5 } });

        var exported = await (await first.Operator.GetAsync($"/v1/garages/{garageId}/export")).Content.ReadAsStringAsync();
        using var again = await GarageFiles.Import(second.Operator, JsonNode.Parse(exported)!.AsObject());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var body = await again.ReadAsync<MapApi.ImportedGarage>();
        var reexported = await (await second.Operator.GetAsync($"/v1/garages/{body.Garage.Id}/export")).Content.ReadAsStringAsync();

        // The added space is in the file, on its floor after the drawn ones, with its lock and rules and no outline.
        var street = JsonNode.Parse(exported)!["floors"]![0]!["spaces"]!.AsArray();
        Assert.Equal(["G-01", "G-02", "G-03", "G-04"], street.Select(space => space!["spaceId"]!.GetValue<string>()));
        var added = street[3]!.AsObject();
        Assert.Equal("lock-g04", added["lock"]!.GetValue<string>());
        Assert.Equal(5, added["rules"]!["cancelHoldMinutes"]!.GetValue<int>());
        Assert.False(added.ContainsKey("outline"));
        Assert.False(added.ContainsKey("access"));
        Assert.Equal(exported, reexported);
        Assert.Contains(body.Spaces, s => s.SpaceId == "G-04" && s.Level == 0);
    }

    [Fact]
    public async Task A_space_with_an_outline_but_no_access_node_is_refused()
    {
        await using var service = await TestService.StartAsync();
        var file = GarageFiles.Example();
        await GarageFiles.ProvisionLocksAsync(service, file);
        Space(file, 0, 0).Remove("access");

        using var response = await GarageFiles.Import(service.Operator, file);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-map");

        Assert.Contains("floors[0].spaces[0]: needs spaceId, lock, and outline and access both (or neither, for a space not drawn on the map)", problem.Detail);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadFiles => new()
    {
        { "dangling edge", f => Edges(f).Add(new JsonObject { ["from"] = "c0", ["to"] = "nowhere" }), "dangling edge c0–nowhere: there is no node nowhere" },
        { "edge to itself", f => Edges(f).Add(new JsonObject { ["from"] = "c0", ["to"] = "c0" }), "edge from c0 to itself" },
        { "node off its floor", f => Nodes(f)[0]!["x"] = 400, "node gate at (400, 23.5) is outside its 40 × 24 m floor" },
        { "node on no floor", f => Nodes(f)[0]!["level"] = 7, "node gate is on level 7, which has no floor" },
        { "twisted outline", f => Space(f, 0, 0)["outline"] = Json("[[6.5,4],[9.5,9],[9.5,4],[6.5,9]]"), "space G-01's outline crosses itself" },
        { "flat outline", f => Space(f, 0, 0)["outline"] = Json("[[6.5,4],[9.5,4],[12.5,4]]"), "space G-01's outline encloses 0 m²" },
        { "two corners", f => Space(f, 0, 0)["outline"] = Json("[[6.5,4],[9.5,4]]"), "space G-01's outline needs 3–16 corners" },
        { "corner off the floor", f => Space(f, 0, 0)["outline"] = Json("[[6.5,4],[90,4],[90,9],[6.5,9]]"), "space G-01 has a corner (90, 4) outside" },
        { "overlapping spaces", f => Space(f, 0, 1)["outline"] = Json("[[8,5],[11,5],[11,10],[8,10]]"), "space G-02 overlaps space G-01" },
        { "unknown access node", f => Space(f, 0, 0)["access"] = "x9", "space G-01's access node x9 is not in aisles.nodes" },
        { "access on another floor", f => Space(f, 0, 0)["access"] = "b01", "space G-01 is on level 0 but its access node b01 is on level -1" },
        { "space given twice", f => Space(f, 1, 0)["spaceId"] = "G-01", "space G-01 is given twice" },
        { "lock given twice", f => Space(f, 1, 0)["lock"] = "lock-g01", "lock lock-g01 is given to two spaces" },
        { "unreachable space", f => Edges(f).RemoveAt(6), "space B-01 cannot be reached from any entrance" },
        { "no entrance", f => Floor(f, 0)["entrances"] = new JsonArray(), "no entrance on any floor" },
        { "entrance at no node", f => Floor(f, 0)["entrances"]![0]!["node"] = "b01", "entrance Gate is at no node of level 0" },
        { "huge floor", f => Floor(f, 0)["width"] = 5000, "at most 1000 m each way" },
        { "bad rules", f => Space(f, 0, 0)["rules"] = Json("{\"noShowMinutes\":0}"), "space G-01's rules: noShowMinutes" },
        { "too many spaces", f => Floor(f, 1)["spaces"] = ManySpaces(498), "501 spaces; a garage file holds at most 500" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_naming_the_problem_and_creates_nothing(string what, Action<JsonObject> spoil, string expected)
    {
        await using var service = await TestService.StartAsync();
        var file = GarageFiles.Example();
        await GarageFiles.ProvisionLocksAsync(service, file);
        spoil(file);

        using var response = await GarageFiles.Import(service.Operator, file);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-map");

        Assert.True(problem.Detail.Contains(expected, StringComparison.Ordinal), $"{what}: {problem.Detail}");
        Assert.Empty(await TestService.GetAsync<GarageDto[]>(service.Operator, "/v1/garages"));
    }

    [Fact]
    public async Task Shape_errors_and_unknown_locks_are_refused_too_and_leave_nothing_behind()
    {
        await using var service = await TestService.StartAsync();
        var file = GarageFiles.Example();
        await GarageFiles.ProvisionLocksAsync(service, file);
        var unknownField = GarageFiles.Example();
        unknownField["floors"]![0]!["colour"] = "red";
        var badFormat = GarageFiles.Example();
        badFormat["format"] = "sharekey-garage/9";
        var badZone = GarageFiles.Example();
        badZone["timeZone"] = "Nowhere/City";
        var unknownLock = GarageFiles.Example();
        Space(unknownLock, 1, 1)["lock"] = "lock-zz";

        await AssertProblemAsync(await GarageFiles.Import(service.Operator, unknownField), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await GarageFiles.Import(service.Operator, badFormat), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await GarageFiles.Import(service.Operator, badZone), HttpStatusCode.BadRequest, "invalid-request");
        // The last space's lock is unknown: the garage and the four spaces before it are rolled back.
        await AssertProblemAsync(await GarageFiles.Import(service.Operator, unknownLock), HttpStatusCode.NotFound, "device-not-found");
        Assert.Empty(await TestService.GetAsync<GarageDto[]>(service.Operator, "/v1/garages"));
        Assert.Empty(await TestService.GetAsync<SpaceDto[]>(service.Operator, "/v1/spaces"));

        using var fine = await GarageFiles.Import(service.Operator, file);
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }

    private static JsonNode Json(string text) => JsonNode.Parse(text)!;

    private static JsonObject Floor(JsonObject file, int floor) => file["floors"]![floor]!.AsObject();

    private static JsonObject Space(JsonObject file, int floor, int space) => Floor(file, floor)["spaces"]![space]!.AsObject();

    private static JsonArray Nodes(JsonObject file) => file["aisles"]!["nodes"]!.AsArray();

    private static JsonArray Edges(JsonObject file) => file["aisles"]!["edges"]!.AsArray();

    private static JsonArray ManySpaces(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["spaceId"] = $"M-{i}",
            ["lock"] = $"many-{i}",
            ["outline"] = Json($"[[{i % 20 * 2},{i / 20 % 20}],[{(i % 20 * 2) + 1},{i / 20 % 20}],[{(i % 20 * 2) + 1},{(i / 20 % 20) + 1}]]"),
            ["access"] = "b01",
        })];
}
