using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>Who hears about what, through the feed: derived from device events and audit entries, never told to someone with no right to it.</summary>
public abstract class NotificationFeedTests(string storage)
{
    [Fact]
    public async Task The_manager_hears_of_an_unlock_with_the_key_holder_and_nobody_else_does()
    {
        await using var service = await TestService.StartAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);

        await world.ReportAsync(EventKind.Occupancy, detail: 1, value: 0);
        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId, detail: 1);
        await world.ReportAsync(EventKind.Occupancy, value: 1);
        await world.ReportAsync(EventKind.Tampered);

        var unlocked = await NotificationWorld.WaitForAsync(world.Owner.Client, NotificationType.DeviceUnlocked);
        Assert.Equal(world.RenterKeyId, NotificationWorld.Data(unlocked, "keyId"));
        Assert.Equal(world.Renter.Id, NotificationWorld.Data(unlocked, "holderId"));
        Assert.Equal("renter", NotificationWorld.Data(unlocked, "holderName"));
        Assert.Equal($"{world.Car.Id:x16}", unlocked.DeviceId);
        await NotificationWorld.WaitForAsync(world.Owner.Client, NotificationType.DeviceTamper);
        var occupancy = Assert.Single(await NotificationWorld.FeedAsync(world.Owner.Client), n => n.Type == NotificationType.OccupancyChanged);
        Assert.True(occupancy.Data.GetProperty("occupied").GetBoolean());

        // The renter hears about their own key, not about the car; the stranger about nothing.
        var renterFeed = await NotificationWorld.FeedAsync(world.Renter.Client);
        Assert.Equal([NotificationType.KeyIssued], renterFeed.Select(n => n.Type));
        Assert.Equal(world.RenterKeyId, NotificationWorld.Data(renterFeed[0], "keyId"));
        Assert.Empty(await NotificationWorld.FeedAsync(world.Stranger.Client));
        var operatorFeed = await NotificationWorld.FeedAsync(service.Operator);
        Assert.DoesNotContain(operatorFeed, n => Json.Name(n.Type).StartsWith("device.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_holder_hears_of_changes_to_their_key_and_a_refused_change_tells_nobody()
    {
        await using var service = await TestService.StartAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);

        await AssertProblemAsync(await world.Stranger.Client.PostAsync($"/v1/keys/{world.RenterKeyId}/revoke", null), HttpStatusCode.Forbidden, "forbidden");
        await TestService.PostAsync<KeyDto>(world.Renter.Client, $"/v1/keys/{world.RenterKeyId}/freeze", null);
        await TestService.PostAsync<KeyDto>(world.Renter.Client, $"/v1/keys/{world.RenterKeyId}/unfreeze", null);
        await TestService.PostAsync<RentalApi.ReturnedRental>(world.Renter.Client, $"/v1/rentals/{world.RentalId}/return", null);

        await NotificationWorld.WaitForAsync(world.Renter.Client, NotificationType.KeyRevoked);
        var feed = await NotificationWorld.FeedAsync(world.Renter.Client);
        Assert.Equal([NotificationType.KeyRevoked, NotificationType.KeyUnfrozen, NotificationType.KeyFrozen, NotificationType.KeyIssued], feed.Select(n => n.Type));
        Assert.All(feed, n => Assert.Equal(world.RenterKeyId, n.KeyId));
        Assert.Equal("rental-returned", NotificationWorld.Data(feed[0], "reason"));
        var ids = feed.Select(n => n.Id).ToList();
        Assert.Equal(ids.OrderDescending(), ids);

        // The owner's feed has their own key's issue only: key changes go to the key's holder.
        Assert.Equal([NotificationType.KeyIssued], (await NotificationWorld.FeedAsync(world.Owner.Client)).Select(n => n.Type));
        Assert.Empty(await NotificationWorld.FeedAsync(world.Stranger.Client));
    }

    [Fact]
    public async Task Shares_are_told_to_their_recipients_a_revoke_to_the_whole_subtree_and_a_give_up_to_the_sharer()
    {
        await using var service = await TestService.StartAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);
        var (friendId, friend) = await service.CreateUserAsync("friend");
        var (cousinId, cousin) = await service.CreateUserAsync("cousin");
        var friendsKey = (await world.Owner.Client.PostAsync<KeyDto>($"/v1/keys/{world.OwnerKeyId}/shares", new { userId = friendId, permissions = "unlock,lock,start,share" })).Id;
        var cousinsKey = (await friend.PostAsync<KeyDto>($"/v1/keys/{friendsKey}/shares", new { userId = cousinId })).Id;
        Assert.Equal(friendsKey, (await NotificationWorld.WaitForAsync(friend, NotificationType.KeyShared)).KeyId);
        Assert.Equal(cousinsKey, (await NotificationWorld.WaitForAsync(cousin, NotificationType.KeyShared)).KeyId);

        await TestService.PostAsync<KeyDto>(cousin, $"/v1/keys/{cousinsKey}/give-up", null);
        var givenUp = await NotificationWorld.WaitForAsync(friend, NotificationType.KeyGivenUp);
        Assert.Equal(cousinsKey, givenUp.KeyId);
        Assert.Equal("given-up", NotificationWorld.Data(await NotificationWorld.WaitForAsync(cousin, NotificationType.KeyRevoked), "reason"));

        var cousinsSecond = (await friend.PostAsync<KeyDto>($"/v1/keys/{friendsKey}/shares", new { userId = cousinId })).Id;
        await TestService.PostAsync<KeyDto>(world.Owner.Client, $"/v1/keys/{friendsKey}/revoke", null);
        await NotificationWorld.WaitForAsync(friend, NotificationType.KeyRevoked);
        await NotificationWorld.WaitForAsync(cousin, NotificationType.KeyRevoked, n => n.KeyId == cousinsSecond);

        Assert.DoesNotContain(await NotificationWorld.FeedAsync(world.Owner.Client), n => n.Type is NotificationType.KeyRevoked or NotificationType.KeyGivenUp);
        Assert.Empty(await NotificationWorld.FeedAsync(world.Stranger.Client));
    }

    [Fact]
    public async Task The_feed_pages_newest_first_by_cursor_and_refuses_bad_paging()
    {
        await using var service = await TestService.StartAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);
        for (var i = 0; i < 5; i++)
        {
            await world.ReportAsync(EventKind.Locked, world.OwnerKeyId);
        }

        await Eventually.TrueAsync(async () => (await NotificationWorld.FeedAsync(world.Owner.Client, "?limit=500")).Count == 6, "5 locks and the owner key");
        var all = (await NotificationWorld.FeedAsync(world.Owner.Client)).Select(n => n.Id).ToList();
        var paged = new List<long>();
        string query = "?limit=2";
        while (true)
        {
            var page = await world.Owner.Client.GetAsync<NotificationPageDto>("/v1/notifications" + query);
            paged.AddRange(page.Items.Select(n => n.Id));
            if (page.NextBefore is not { } next)
            {
                break;
            }

            query = $"?limit=2&before={next}";
        }

        Assert.Equal(all, paged);
        await AssertProblemAsync(await world.Owner.Client.GetAsync("/v1/notifications?limit=0"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await world.Owner.Client.GetAsync("/v1/notifications?before=-3"), HttpStatusCode.BadRequest, "invalid-request");
        using var anonymous = new HttpClient { BaseAddress = new Uri(service.Url) };
        await AssertProblemAsync(await anonymous.GetAsync("/v1/notifications"), HttpStatusCode.Unauthorized, "unauthenticated");
    }
}

public sealed class SqliteNotificationFeedTests() : NotificationFeedTests("sqlite");

public sealed class PostgresNotificationFeedTests() : NotificationFeedTests("postgresql");
