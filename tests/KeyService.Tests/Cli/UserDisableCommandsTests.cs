using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`user disable|enable`, `user token --expires` and `key share --user NAME` for a holder, through the CLI.</summary>
public sealed class UserDisableCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_operator_disables_a_user_whose_token_then_fails_and_enables_them_again()
    {
        var (_, danToken) = await UserAsync("dan-c");

        var byUser = await service.RunAsAsync(danToken, "user", "disable", "dan-c", "--keys", "keep");
        Assert.Equal(1, byUser.ExitCode);
        var noChoice = await service.RunAsync("user", "disable", "dan-c");
        Assert.Equal(1, noChoice.ExitCode);
        var badChoice = await service.RunAsync("user", "disable", "dan-c", "--keys", "burn");
        Assert.Equal(1, badChoice.ExitCode);

        var disabled = await service.RunAsync("user", "disable", "dan-c", "--keys", "freeze");
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.Contains("is disabled", disabled.Output);
        Assert.Contains("frozen by an operator", disabled.Output);
        var refused = await service.RunAsAsync(danToken, "key", "list");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error user-disabled:", refused.Error);
        Assert.Contains((await service.RunAsync("user", "list")).Output.Split('\n'), line => line.Contains("dan-c") && line.Contains(DateTimeOffset.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var enabled = await service.RunAsync("user", "enable", "dan-c");
        Assert.True(enabled.ExitCode == 0, enabled.ToString());
        Assert.Equal(0, (await service.RunAsAsync(danToken, "key", "list")).ExitCode);
        var again = await service.RunAsync("user", "enable", "dan-c");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error conflict:", again.Error);
    }

    [Fact]
    public async Task A_token_with_an_expiry_shows_it_and_a_bad_expiry_is_a_usage_error()
    {
        var (_, token) = await UserAsync("erin-c");

        var made = await service.RunAsAsync(token, "user", "token", "--label", "ci", "--expires", "12h");
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Contains("working until", made.Output);
        var listed = (await service.RunAsAsync(token, "user", "tokens", "--json")).Read<ApiTokenDto[]>().Single(t => t.Name == "ci");
        Assert.NotNull(listed.ExpiresAt);
        var expires = listed.ExpiresAt.Value;
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(13));

        var bad = await service.RunAsAsync(token, "user", "token", "--expires", "soon");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--expires: 'soon'", bad.Error);
        var past = await service.RunAsAsync(token, "user", "token", "--expires", "2001-01-01T00:00:00Z");
        Assert.Equal(1, past.ExitCode);
        Assert.StartsWith("error invalid-request:", past.Error);
    }

    [Fact]
    public void Expiry_spans_count_from_now_and_times_are_taken_as_given()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(90), UserTokenCommand.ExpiryOf("90m", now));
        Assert.Equal(now.AddHours(12), UserTokenCommand.ExpiryOf("12h", now));
        Assert.Equal(now.AddDays(30), UserTokenCommand.ExpiryOf("30d", now));
        Assert.Equal(new DateTimeOffset(2027, 2, 3, 4, 5, 6, TimeSpan.Zero), UserTokenCommand.ExpiryOf("2027-02-03T04:05:06Z", now));
        Assert.ThrowsAny<Exception>(() => UserTokenCommand.ExpiryOf("0d", now));
        Assert.ThrowsAny<Exception>(() => UserTokenCommand.ExpiryOf("-5h", now));
        Assert.ThrowsAny<Exception>(() => UserTokenCommand.ExpiryOf("12x", now));
    }

    [Fact]
    public async Task A_holder_shares_with_a_user_named_by_name()
    {
        const string vin = "1M8GDM9A9KP042720";
        await using var car = await Fleet.OnlineAsync(service.Service, "named-1", vin);
        var owner = await UserAsync("olga-c");
        var (finnId, _) = await UserAsync("finn-c");
        var ownerKey = (await service.JsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", "olga-c", "--vin", vin)).Key.Id;

        var shared = await service.RunAsAsync(owner.Token, "key", "share", ownerKey, "--user", "finn-c");
        Assert.True(shared.ExitCode == 0, shared.ToString());
        Assert.Contains($"for user {finnId}", shared.Output);
        var unknown = await service.RunAsAsync(owner.Token, "key", "share", ownerKey, "--user", "nobody-c");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error user-not-found:", unknown.Error);
    }

    private async Task<(string Id, string Token)> UserAsync(string name)
    {
        var created = await service.JsonAsync<UserApi.CreatedUser>("user", "create", name);
        return (created.User.Id, created.Token);
    }

}
