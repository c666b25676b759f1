using System.Net;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>GET /v1/keys: newest first, a page at a time; a user pages through their own keys and nobody else's.</summary>
public sealed class KeyListTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task A_holder_pages_through_their_own_keys_newest_first_and_an_operator_through_theirs()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-list-1", Vin);
        var (aliceId, alice) = await service.CreateUserAsync("alice-list");
        var (bobId, _) = await service.CreateUserAsync("bob-list");
        var alices = new List<KeyDto>();
        for (var i = 0; i < 5; i++)
        {
            alices.Add((await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = aliceId, vin = Vin })).Key);
        }

        var bobs = (await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = bobId, vin = Vin })).Key;
        await TestService.PostAsync<KeyDto>(alice, $"/v1/keys/{alices[1].Id}/revoke", null);
        var newestFirst = NewestFirst(alices);

        Assert.Equal(newestFirst, await PagesAsync(alice, "limit=2", expectedPages: 3));
        Assert.Equal(newestFirst, await PagesAsync(service.Operator, $"holderId={aliceId}&limit=2", expectedPages: 3));
        Assert.Equal(NewestFirst([.. alices, bobs]), await PagesAsync(service.Operator, $"deviceId={car.Id:x16}&limit=4", expectedPages: 2));
        // A page that ends the list exactly still names a next page, which is empty.
        Assert.Equal(newestFirst, await PagesAsync(alice, "limit=5", expectedPages: 2));
        var active = newestFirst.Where(id => id != alices[1].Id).ToList();
        Assert.Equal(active, await PagesAsync(alice, "state=active&limit=1", expectedPages: 5));
        // The cursor's own key revoked between two pages of active keys: the next page still goes on from its place.
        var first = await TestService.GetAsync<KeyPageDto>(alice, "/v1/keys?state=active&limit=2");
        await TestService.PostAsync<KeyDto>(alice, $"/v1/keys/{first.NextBefore}/revoke", null);
        var second = await TestService.GetAsync<KeyPageDto>(alice, $"/v1/keys?state=active&limit=2&before={first.NextBefore}");
        Assert.Equal(active.Skip(2), second.Items.Select(key => key.Id));
    }

    [Fact]
    public async Task A_page_refuses_a_cursor_outside_its_list_and_a_limit_out_of_range()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-list-2", Vin);
        var (aliceId, alice) = await service.CreateUserAsync("alice-list2");
        var (bobId, _) = await service.CreateUserAsync("bob-list2");
        var alicesKey = (await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = aliceId, vin = Vin })).Key;
        var bobsKey = (await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = bobId, vin = Vin })).Key;

        // Bob's key as Alice's cursor answers as a key that does not exist: a cursor tells her nothing of keys she cannot list.
        var foreign = await AssertProblemAsync(await alice.GetAsync($"/v1/keys?before={bobsKey.Id}"), HttpStatusCode.BadRequest, "invalid-request");
        var unknown = await AssertProblemAsync(await alice.GetAsync("/v1/keys?before=0123456789abcdef"), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(unknown.Detail, foreign.Detail);
        Assert.Contains("nextBefore", foreign.Detail);
        // An operator's cursor must belong to the same device and holder filter too.
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/keys?holderId={bobId}&before={alicesKey.Id}"), HttpStatusCode.BadRequest, "invalid-request");
        var ofCar = (await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}")).Select(key => key.Id).ToList();
        Assert.Equal(ofCar.SkipWhile(id => id != bobsKey.Id).Skip(1), (await TestService.GetAsync<KeyPageDto>(service.Operator, $"/v1/keys?deviceId={car.Id:x16}&before={bobsKey.Id}")).Items.Select(key => key.Id));
        Assert.Contains("limit must be 1–1000", (await AssertProblemAsync(await alice.GetAsync("/v1/keys?limit=0"), HttpStatusCode.BadRequest, "invalid-request")).Detail);
        await AssertProblemAsync(await alice.GetAsync("/v1/keys?limit=1001"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await alice.GetAsync("/v1/keys?before=not-a-key"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await alice.GetAsync($"/v1/keys?holderId={bobId}"), HttpStatusCode.Forbidden, "forbidden");
        var page = await TestService.GetAsync<KeyPageDto>(alice, "/v1/keys");
        Assert.Equal([alicesKey.Id], page.Items.Select(key => key.Id));
        Assert.Null(page.NextBefore);
    }

    /// <summary>
    /// Newest first, by the millisecond the store keeps (an issue's answer shows the clock's finer time); keys made in the
    /// same millisecond by id, as the store orders its signed ids.
    /// </summary>
    private static List<string> NewestFirst(IEnumerable<KeyDto> keys) =>
        [.. keys.OrderByDescending(key => key.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(key => unchecked((long)Convert.ToUInt64(key.Id, 16))).Select(key => key.Id)];

    /// <summary>Every page of a list, each no longer than its limit, in order; asserts how many pages it took.</summary>
    private static async Task<List<string>> PagesAsync(HttpClient client, string query, int expectedPages)
    {
        var limit = int.Parse(query.Split("limit=")[1], System.Globalization.CultureInfo.InvariantCulture);
        var ids = new List<string>();
        var pages = 0;
        string? before = null;
        do
        {
            var page = await TestService.GetAsync<KeyPageDto>(client, $"/v1/keys?{query}{(before is null ? "" : $"&before={before}")}");
            pages++;
            Assert.InRange(page.Items.Count, 0, limit);
            Assert.Equal(page.Items.Count == limit ? page.Items[^1].Id : null, page.NextBefore);
            ids.AddRange(page.Items.Select(key => key.Id));
            before = page.NextBefore;
        }
        while (before is not null);
        Assert.Equal(expectedPages, pages);
        return ids;
    }
}
