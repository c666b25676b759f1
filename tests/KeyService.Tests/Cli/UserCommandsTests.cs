namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`user create|list|token`: tokens are printed once and work; users are named by name or id.</summary>
public sealed class UserCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_created_user_gets_a_working_token_and_is_not_an_operator()
    {
        var created = await service.RunAsync("user", "create", "alice");

        Assert.True(created.ExitCode == 0, created.ToString());
        var token = TokenIn(created.Output);
        var mine = await service.RunAsAsync(token, "key", "list", "--json");
        var forbidden = await service.RunAsAsync(token, "user", "list");
        Assert.Equal(0, mine.ExitCode);
        Assert.Empty(System.Text.Json.JsonSerializer.Deserialize<ShareKey.KeyService.Keys.KeyPageDto>(mine.Output, ShareKey.KeyService.Api.Json.Options)!.Items);
        Assert.Equal(1, forbidden.ExitCode);
        Assert.StartsWith("error forbidden:", forbidden.Error);
    }

    [Fact]
    public async Task An_operator_names_users_by_name_for_new_tokens()
    {
        var created = await service.RunAsync("user", "create", "bob", "--operator");
        var token = await service.RunAsync("user", "token", "bob", "--label", "laptop");
        var self = await service.RunAsAsync(TokenIn(token.Output), "user", "token");

        Assert.Contains("Created operator bob", created.Output);
        Assert.True(token.ExitCode == 0, token.ToString());
        Assert.True(self.ExitCode == 0, self.ToString());
        Assert.NotEqual(TokenIn(token.Output), TokenIn(self.Output));
        var users = await service.RunAsync("user", "list");
        Assert.Contains(users.Output.Split('\n'), line => line.Contains("bob") && line.Contains("operator"));
    }

    [Fact]
    public async Task An_unknown_name_is_a_usage_error()
    {
        var run = await service.RunAsync("user", "token", "nobody-by-this-name");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: no user is named 'nobody-by-this-name'; `sharekey user list` shows them", run.Error.Trim());
    }

    [Fact]
    public async Task User_list_shows_a_page_by_name_and_the_flag_for_the_next()
    {
        foreach (var name in new[] { "list-zed", "list-yan", "list-xia" })
        {
            Assert.Equal(0, (await service.RunAsync("user", "create", name)).ExitCode);
        }

        var first = await service.JsonAsync<ShareKey.KeyService.Users.UserPageDto>("user", "list", "--after", "list-w", "--limit", "2");
        var shown = await service.RunAsync("user", "list", "--after", "list-w", "--limit", "2");
        var rest = await service.JsonAsync<ShareKey.KeyService.Users.UserPageDto>("user", "list", "--after", first.NextAfter!, "--limit", "2");

        Assert.Equal(["list-xia", "list-yan"], first.Items.Select(user => user.Name));
        Assert.Contains("More: --after list-yan", shown.Output);
        Assert.Equal("list-zed", rest.Items[0].Name);
    }

    private static string TokenIn(string output) => output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("skt_", StringComparison.Ordinal));
}
