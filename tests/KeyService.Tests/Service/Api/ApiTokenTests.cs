using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>API tokens are listed (never shown again) and revoked for good: by their user or an operator; a revoked token is refused at once.</summary>
public sealed class ApiTokenTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_user_lists_and_revokes_their_own_tokens_an_operator_any_and_a_revoked_token_is_refused(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var (aliceId, alice) = await service.CreateUserAsync("alice-t");
        var (malloryId, mallory) = await service.CreateUserAsync("mallory-t");
        var laptop = service.Client((await TestService.PostAsync<UserApi.CreatedToken>(alice, $"/v1/users/{aliceId}/tokens", new { name = "laptop" })).Token);

        var listed = await alice.GetStringAsync($"/v1/users/{aliceId}/tokens");
        Assert.DoesNotContain("skt_", listed);
        var tokens = ApiJson.Parse<ApiTokenDto[]>(listed);
        Assert.Equal(["first token", "laptop"], tokens.Select(t => t.Name).ToArray());
        var laptopId = tokens[1].Id;

        await AssertProblemAsync(await mallory.GetAsync($"/v1/users/{aliceId}/tokens"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsync($"/v1/users/{aliceId}/tokens/{laptopId}/revoke", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsync($"/v1/users/{malloryId}/tokens/{laptopId}/revoke", null), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/v1/users/me")).StatusCode);

        var revoked = await TestService.PostAsync<ApiTokenDto>(alice, $"/v1/users/{aliceId}/tokens/{laptopId}/revoke", null);
        Assert.NotNull(revoked.RevokedAt);
        await AssertProblemAsync(await laptop.GetAsync("/v1/users/me"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await alice.PostAsync($"/v1/users/{aliceId}/tokens/{laptopId}/revoke", null), HttpStatusCode.Conflict, "conflict");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/users/me")).StatusCode);

        // An operator revokes mallory's only token: mallory is shut out.
        var malloryToken = (await TestService.GetAsync<ApiTokenDto[]>(service.Operator, $"/v1/users/{malloryId}/tokens"))[0].Id;
        await TestService.PostAsync<ApiTokenDto>(service.Operator, $"/v1/users/{malloryId}/tokens/{malloryToken}/revoke", null);
        await AssertProblemAsync(await mallory.GetAsync("/v1/keys"), HttpStatusCode.Unauthorized, "unauthenticated");

        var audit = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=token.revoke");
        Assert.Contains(audit, e => e.Result == "forbidden");
        Assert.Equal(2, audit.Count(e => e.Result == "ok"));
    }

    /// <summary>
    /// Checks that arrive together are looked up together (Users/ApiTokenFilter, Storage/RequestBatcher): each
    /// request still gets the answer for its own token, and a token revoked before a request is sent is refused.
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Requests_with_many_tokens_at_once_each_get_the_answer_for_their_own_token(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var users = new List<(string Id, HttpClient Client)>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await service.CreateUserAsync($"crowd-{i}"));
        }

        var (revokedId, revoked) = users[4];
        var revokedToken = (await TestService.GetAsync<ApiTokenDto[]>(service.Operator, $"/v1/users/{revokedId}/tokens"))[0].Id;
        await TestService.PostAsync<ApiTokenDto>(service.Operator, $"/v1/users/{revokedId}/tokens/{revokedToken}/revoke", null);
        using var stranger = service.Client("skt_" + new string('a', 43));

        var asks = Enumerable.Range(0, 60).Select(i => i % 7 == 6 ? (Client: stranger, Id: (string?)null) : (Client: users[i % 7 % 6].Client, Id: users[i % 7 % 6].Id)).ToList();
        var answers = await Task.WhenAll(asks.Select(ask => ask.Client.GetAsync("/v1/users/me")));

        for (var i = 0; i < asks.Count; i++)
        {
            if (asks[i].Id is null || asks[i].Id == revokedId)
            {
                await AssertProblemAsync(answers[i], HttpStatusCode.Unauthorized, "unauthenticated");
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, answers[i].StatusCode);
            Assert.Equal(asks[i].Id, (await answers[i].Content.ReadFromJsonAsync<UserDto>(ShareKey.KeyService.Api.Json.Options))!.Id);
        }
    }
}
