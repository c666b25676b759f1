using System.Net;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>GET /v1/notifications/stream: live, in order, resumable with Last-Event-ID, and only the caller's own.</summary>
public abstract class NotificationStreamTests(string storage)
{
    [Fact]
    public async Task The_stream_sends_new_notifications_and_resumes_after_the_last_event_id()
    {
        await using var service = await TestService.StartAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);
        long lastSeen;
        await using (var stream = await SseReader.OpenAsync(world.Owner.Client))
        {
            await using var strangers = await SseReader.OpenAsync(world.Stranger.Client);
            await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);

            var unlocked = await stream.NextAsync();
            Assert.Equal("device.unlocked", unlocked.Type);
            Assert.Equal(unlocked.Id, unlocked.Data.Id);
            Assert.Equal(NotificationType.DeviceUnlocked, unlocked.Data.Type);
            Assert.Equal(world.Renter.Id, NotificationWorld.Data(unlocked.Data, "holderId"));
            lastSeen = unlocked.Id;

            // The stranger's stream stays quiet through that; the first thing it carries is their own.
            await TestService.PostAsync<KeyDto>(world.Owner.Client, $"/v1/keys/{world.OwnerKeyId}/shares", new { userId = world.Stranger.Id });
            var own = await strangers.NextAsync();
            Assert.Equal("key.shared", own.Type);
            Assert.True(own.Id > lastSeen);
        }

        await world.ReportAsync(EventKind.Locked, world.RenterKeyId);
        await world.ReportAsync(EventKind.Occupancy, value: 0);
        await NotificationWorld.WaitForAsync(world.Owner.Client, NotificationType.OccupancyChanged);

        await using var resumed = await SseReader.OpenAsync(world.Owner.Client, lastSeen);
        var first = await resumed.NextAsync();
        var second = await resumed.NextAsync();
        Assert.Equal(["device.locked", "device.occupancy-changed"], new[] { first.Type, second.Type });
        Assert.True(first.Id > lastSeen && second.Id > first.Id);
    }

    [Fact]
    public async Task A_stream_needs_a_token_and_a_numeric_last_event_id()
    {
        await using var service = await TestService.StartAsync(storage);
        using var anonymous = new HttpClient { BaseAddress = new Uri(service.Url) };
        await AssertProblemAsync(await anonymous.GetAsync("/v1/notifications/stream"), HttpStatusCode.Unauthorized, "unauthenticated");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/notifications/stream") { Headers = { { "Last-Event-ID", "yesterday" } } };
        await AssertProblemAsync(await service.Operator.SendAsync(request), HttpStatusCode.BadRequest, "invalid-request");
    }
}

public sealed class SqliteNotificationStreamTests() : NotificationStreamTests("sqlite");

public sealed class PostgresNotificationStreamTests() : NotificationStreamTests("postgresql");
