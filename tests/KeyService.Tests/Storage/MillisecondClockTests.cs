using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The service's clock reads to the whole millisecond, as the store keeps times (Storage/MillisecondClock.cs): a
/// create answers the times every later read of the same row answers.
/// </summary>
public sealed class MillisecondClockTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task What_a_create_answers_is_what_a_later_read_answers(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "car-clock", "1M8GDM9AXKP042788");

        var created = await service.Operator.PostAsync<UserApi.CreatedUser>("/v1/users", new { name = "clock-holder", role = "user" });
        var user = await service.Operator.GetAsync<UserDto>($"/v1/users/{created.User.Id}");
        var issued = await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = created.User.Id, vin = "1M8GDM9AXKP042788" });
        var key = await service.Operator.GetAsync<HeldKeyDto>($"/v1/keys/{issued.Key.Id}");

        Assert.Equal(created.User.CreatedAt, user.CreatedAt);
        Assert.Equal((issued.Key.CreatedAt, issued.Key.UpdatedAt), (key.Key.CreatedAt, key.Key.UpdatedAt));
        Assert.All(new[] { created.User.CreatedAt, issued.Key.CreatedAt, issued.Key.UpdatedAt }, time => Assert.Equal(0, time.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public void It_is_the_system_clock_cut_to_the_millisecond()
    {
        var before = DateTimeOffset.UtcNow;
        var now = new MillisecondClock().GetUtcNow();

        Assert.Equal(0, now.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.InRange(now, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(TimeSpan.Zero, now.Offset);
    }
}
