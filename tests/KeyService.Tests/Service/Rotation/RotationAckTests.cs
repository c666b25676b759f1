using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Rotation;

/// <summary>R0.1–R0.3 on the happy path and with a lost ack, over the real broker with a device speaking the real protocol.</summary>
public sealed class RotationAckTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Ack_on_first_try_confirms_commits_and_reissues_keys_under_the_new_epoch(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "car-1", "1M8GDM9AXKP042788");
        var (userId, _) = await service.CreateUserAsync("owner-1");
        var owner = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/keys", new { type = "owner", userId, vin = "1M8GDM9AXKP042788" });
        Assert.Equal(1u, owner.GetProperty("key").GetProperty("epoch").GetUInt32());

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var rotationId = started[0].GetProperty("id").GetInt64();

        var commit = await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);
        Assert.Equal(2u, car.ActiveEpoch);
        var rotation = await WaitForStateAsync(service, rotationId, "confirmed");
        Assert.False(rotation.GetProperty("backupHeld").GetBoolean());
        var device = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}");
        Assert.Equal(2u, device.GetProperty("device").GetProperty("epoch").GetUInt32());
        var reissued = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/keys/{owner.GetProperty("key").GetProperty("id").GetString()}");
        Assert.Equal(2u, reissued.GetProperty("key").GetProperty("epoch").GetUInt32());
        Assert.Equal(1, car.Received().OfType<RotateMessage>().Count(r => r.Epoch == 2));
        Assert.True(commit.MessageId > 0);
    }

    [Fact]
    public async Task A_lost_ack_is_answered_by_a_resend_of_the_same_message_and_then_confirmed()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-2");
        car.RotatesToIgnore = 1;

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        await WaitForStateAsync(service, started[0].GetProperty("id").GetInt64(), "confirmed");

        var rotates = car.Received().OfType<RotateMessage>().Where(r => r.Epoch == 2).ToList();
        Assert.Equal(2, rotates.Count);
        Assert.Equal(rotates[0].MessageId, rotates[1].MessageId);
        var outbox = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}/outbox");
        var sent = outbox.EnumerateArray().Single(m => m.GetProperty("messageId").GetUInt32() == rotates[0].MessageId);
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        Assert.Equal("acked", sent.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_device_reporting_in_without_the_new_epoch_gets_the_rotate_at_once_not_after_the_ack_timeout()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.AckTimeout = TimeSpan.FromMinutes(5));
        var board = await service.ProvisionAsync("car-late");
        await using var car = await ScriptedDevice.ConnectAsync(board);

        await car.SendKeyReportAsync();

        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 1, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_device_reporting_in_while_the_last_allowed_send_waits_for_its_ack_still_gets_the_rotate()
    {
        await using var service = await TestService.StartAsync(configure: options =>
        {
            options.Rotation.AckTimeout = TimeSpan.FromSeconds(30);
            options.Rotation.MaxAttempts = 1;
        });
        var board = await service.ProvisionAsync("car-last");
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{board.Id}/outbox")).EnumerateArray().Any(m => m.GetProperty("attempts").GetInt32() == 1), "the only allowed send went out while the car was away");
        await using var car = await ScriptedDevice.ConnectAsync(board);

        await car.SendKeyReportAsync();

        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 1, TimeSpan.FromSeconds(20));
    }

    public static async Task<JsonElement> WaitForStateAsync(TestService service, long rotationId, string state)
    {
        JsonElement rotation = default;
        await Eventually.TrueAsync(async () => (rotation = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/rotations/{rotationId}")).GetProperty("state").GetString() == state, $"rotation {rotationId} {state}");
        return rotation;
    }
}
