using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// A car in service with three people around it: its owner (holds the owner key: its manager), a
/// renter with a rental's key, and a stranger with nothing to do with it.
/// </summary>
public sealed class NotificationWorld : IAsyncDisposable
{
    public const string Vin = "1M8GDM9AXKP042788";

    private NotificationWorld(TestService service, ScriptedDevice car)
    {
        Service = service;
        Car = car;
    }

    public TestService Service { get; }

    public ScriptedDevice Car { get; }

    public (string Id, HttpClient Client) Owner { get; private set; }

    public (string Id, HttpClient Client) Renter { get; private set; }

    public (string Id, HttpClient Client) Stranger { get; private set; }

    public string OwnerKeyId { get; private set; } = "";

    public string RenterKeyId { get; private set; } = "";

    public long RentalId { get; private set; }

    public static async Task<NotificationWorld> StartAsync(TestService service, string suffix = "")
    {
        var car = await Fleet.OnlineAsync(service, $"car-n{suffix}", Vin);
        var world = new NotificationWorld(service, car)
        {
            Owner = await service.CreateUserAsync($"owner{suffix}"),
            Renter = await service.CreateUserAsync($"renter{suffix}"),
            Stranger = await service.CreateUserAsync($"stranger{suffix}"),
        };
        // Listed for rent before it gets an owner key: a vehicle with an owner is never listed.
        await Fleet.ListForRentAsync(service, Vin);
        var ownerKey = await service.Operator.PostAsync<HeldKeyDto>("/v1/keys", new { type = "owner", userId = world.Owner.Id, vin = Vin });
        world.OwnerKeyId = ownerKey.Key.Id;
        var rental = await world.Renter.Client.PostAsync<RentalApi.StartedRental>("/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(2) });
        world.RenterKeyId = rental.Key.Key.Id;
        world.RentalId = rental.Rental.Id;

        // Told by the pipeline in the background: settled before a test starts watching.
        await WaitForAsync(world.Owner.Client, NotificationType.KeyIssued);
        await WaitForAsync(world.Renter.Client, NotificationType.KeyIssued);
        return world;
    }

    /// <summary>The car reports what a key did, as a board does after a BLE command.</summary>
    public Task ReportAsync(EventKind kind, string? keyId = null, byte detail = 0, short value = 0) =>
        Car.SendAsync(new EventMessage
        {
            Events = [new EventRecord(kind, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), keyId is null ? 0 : Convert.ToUInt64(keyId, 16), detail, value)],
        });

    public static async Task<List<NotificationDto>> FeedAsync(HttpClient client, string query = "") =>
        [.. (await client.GetAsync<NotificationPageDto>("/v1/notifications" + query)).Items];

    /// <summary>Waits until the user's feed holds a notification of <paramref name="type"/> matching <paramref name="match"/>.</summary>
    public static async Task<NotificationDto> WaitForAsync(HttpClient client, NotificationType type, Func<NotificationDto, bool>? match = null)
    {
        NotificationDto? found = null;
        await Eventually.TrueAsync(async () =>
            {
                var hit = (await FeedAsync(client, "?limit=500")).Where(n => n.Type == type && (match?.Invoke(n) ?? true)).ToList();
                found = hit.FirstOrDefault();
                return hit.Count > 0;
            }, $"a {Json.Name(type)} notification");
        return found!;
    }

    /// <summary>Registers <paramref name="receiver"/> for the user and gives it the secret to check signatures with; returns the webhook id.</summary>
    public static async Task<string> RegisterAsync(HttpClient client, WebhookReceiver receiver, params string[] types)
    {
        var registered = await client.PostAsync<RegisteredWebhookDto>("/v1/webhooks", new { url = receiver.Url, types });
        receiver.Secret = registered.Secret;
        return registered.Webhook.Id;
    }

    /// <summary>A service that may send webhooks to loopback over http, with retries in milliseconds.</summary>
    public static Task<TestService> StartServiceAsync(string storage = "sqlite", TimeSpan? timeout = null, TimeSpan? giveUpAfter = null) =>
        TestService.StartAsync(storage, options =>
        {
            var webhooks = options.Notifications.Webhooks;
            webhooks.AllowHttp = true;
            webhooks.AllowPrivateNetworks = true;
            // Longer than a loaded machine takes to answer on loopback: an answer that came after the
            // timeout would be sent again, and a test counting attempts would count one too many.
            webhooks.Timeout = timeout ?? TimeSpan.FromSeconds(5);
            webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
            webhooks.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            webhooks.GiveUpAfter = giveUpAfter ?? TimeSpan.FromHours(1);
        });

    /// <summary>A text field of the notification's data, whose fields differ by type (the DTO carries it as JSON).</summary>
    public static string Data(NotificationDto notification, string field) => notification.Data.GetProperty(field).GetString()!;

    public async ValueTask DisposeAsync() => await Car.DisposeAsync();
}
