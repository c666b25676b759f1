using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using static ShareKey.KeyService.Tests.Service.Keys.KeyAuthorityTests;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// A holder names a share's recipient by exact user name (they cannot list users); the name is
/// looked up only for someone who may share from the key, so strangers learn nothing of who exists.
/// </summary>
public sealed class ShareByNameTests
{
    private static readonly JsonSerializerOptions Options = ShareKey.KeyService.Api.Json.Options;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_holder_shares_by_exact_name_and_a_stranger_learns_nothing_of_which_names_exist(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-n1");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-n");
        var (bobId, _) = await world.Service.CreateUserAsync("bob-n");
        var (_, mallory) = await world.Service.CreateUserAsync("mallory-n");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");

        // A stranger to the key gets the same refusal for a real name and a made-up one.
        await AssertProblemAsync(await mallory.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "bob-n" }, Options), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "nobody-n" }, Options), HttpStatusCode.Forbidden, "forbidden");

        // Exactly one of userId and userName; names match exactly.
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userId = bobId, userName = "bob-n" }, Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { }, Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "BOB-N" }, Options), HttpStatusCode.NotFound, "user-not-found");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "bob" }, Options), HttpStatusCode.NotFound, "user-not-found");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "bob\u200b-n" }, Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await alice.GetAsync("/v1/users"), HttpStatusCode.Forbidden, "forbidden");

        using var shared = await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userName = "bob-n" }, Options);
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        Assert.Equal(bobId, (await shared.ReadAsync<KeyDto>()).HolderId);

        // Every probe is in the audit log, so someone trying names is seen.
        var audit = await TestService.GetAsync<AuditDto[]>(world.Service.Operator, "/v1/audit?action=key.share");
        Assert.Equal(2, audit.Count(e => e.Result == "user-not-found"));
        Assert.Equal(2, audit.Count(e => e.Result == "forbidden"));
    }
}
