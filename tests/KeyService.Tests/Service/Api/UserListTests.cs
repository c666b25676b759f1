using System.Net;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>GET /v1/users: operators page through users by name, or ask for one by name; nobody else lists users.</summary>
public sealed class UserListTests
{
    [Fact]
    public async Task An_operator_pages_through_users_by_name_and_finds_one_by_name()
    {
        await using var service = await TestService.StartAsync();
        var (_, carol) = await service.CreateUserAsync("carol");
        var (bobId, _) = await service.CreateUserAsync("Bob");
        await service.CreateUserAsync("alice");

        var names = new List<string>();
        string? after = null;
        do
        {
            var page = await TestService.GetAsync<UserPageDto>(service.Operator, $"/v1/users?limit=2{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
            Assert.InRange(page.Items.Count, 0, 2);
            Assert.Equal(page.Items.Count == 2 ? page.Items[^1].Name : null, page.NextAfter);
            names.AddRange(page.Items.Select(user => user.Name));
            after = page.NextAfter;
        }
        while (after is not null);

        // Byte by byte: upper case before lower case.
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "Bob", "alice", "carol" });
        Assert.Equal([bobId], (await TestService.GetAsync<UserPageDto>(service.Operator, "/v1/users?name=Bob")).Items.Select(user => user.Id));
        Assert.Empty((await TestService.GetAsync<UserPageDto>(service.Operator, "/v1/users?name=bob")).Items);
        Assert.Contains("not both", (await AssertProblemAsync(await service.Operator.GetAsync("/v1/users?name=Bob&after=Bob"), HttpStatusCode.BadRequest, "invalid-request")).Detail);
        await AssertProblemAsync(await carol.GetAsync("/v1/users?name=Bob"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await service.Operator.GetAsync("/v1/users?limit=0"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/users?name={Uri.EscapeDataString("Bob\u001b[2J")}"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/users?after={new string('a', 65)}"), HttpStatusCode.BadRequest, "invalid-request");
    }
}
