using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Users;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// A renter's phone opens a simulated car; the car's Event batch reaches the cloud, and its owner
/// hears of it three ways: the feed, the live stream (`sharekey notifications watch`) and a signed
/// webhook to the owner's own receiver.
/// </summary>
public sealed class NotificationsTests
{
    [Fact]
    public async Task An_unlock_by_a_renter_reaches_the_owner_on_the_feed_the_stream_and_the_webhook()
    {
        await using var rig = await Rig.StartAsync(notifications: options =>
        {
            options.Webhooks.AllowHttp = true;
            options.Webhooks.AllowPrivateNetworks = true;
        });
        await using var inbox = await WebhookInbox.StartAsync();
        var board = await rig.ProvisionAsync("car-notify");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var owner = await rig.OperatorJsonAsync<UserApi.CreatedUser>("user", "create", "olga");
        var (ownerId, ownerToken) = (owner.User.Id, owner.Token);
        using var ownerApi = new HttpClient { BaseAddress = new Uri(rig.Service.Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ownerToken) } };
        // Listed for rent before it gets an owner key: a vehicle with an owner is never listed.
        await rig.OperatorJsonAsync<RentalApi.Listing>("rental", "listing", vin);
        await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", ownerId, "--vin", vin);
        using (var registered = await ownerApi.PostAsJsonAsync("/v1/webhooks", new { url = inbox.Url, types = new[] { "device.unlocked" } }))
        {
            inbox.Secret = (await registered.ReadAsync<RegisteredWebhookDto>()).Secret;
        }

        var issued = await Eventually.GetAsync(
            () => Cli.RunAsync("notifications", "list", "--json", "--url", rig.Service.Url, "--token", ownerToken),
            listed => listed.ExitCode == 0 && listed.Read<NotificationPageDto>().Items.Count == 1,
            "the owner told of their owner key");
        var since = issued.Read<NotificationPageDto>().Items[0].Id.ToString(CultureInfo.InvariantCulture);
        var watch = Cli.RunAsync("notifications", "watch", "--after", since, "--count", "1", "--json", "--url", rig.Service.Url, "--token", ownerToken);

        var rita = await rig.PhoneOfAsync("rita");
        var ritaKey = (await rig.OperatorJsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "rita")).Rental.KeyId;
        Assert.Equal(0, (await rita.FetchAsync(ritaKey)).ExitCode);
        var opened = await rita.UnlockAsync(ritaKey, car);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var streamed = (await watch.WaitAsync(TimeSpan.FromSeconds(60))).Read<NotificationDto>();
        var hooked = await Eventually.GetAsync(() => Task.FromResult(inbox.Accepted), accepted => accepted.Count == 1, "the owner's webhook");
        var feed = (await Cli.RunAsync("notifications", "list", "--json", "--url", rig.Service.Url, "--token", ownerToken)).Read<NotificationPageDto>().Items[0];
        var webhook = ApiJson.Parse<NotificationDto>(hooked[0].GetRawText());

        foreach (var told in new[] { streamed, webhook, feed })
        {
            Assert.Equal(NotificationType.DeviceUnlocked, told.Type);
            Assert.Equal(board.Id, told.DeviceId);
            Assert.Equal(ritaKey, told.KeyId);
            Assert.Equal("rita", told.Data.GetProperty("holderName").GetString()); // data differs by type: the DTO carries it as JSON
        }

        Assert.Equal(feed.Id, streamed.Id);
        Assert.Equal(feed.Id, webhook.Id);
    }
}
