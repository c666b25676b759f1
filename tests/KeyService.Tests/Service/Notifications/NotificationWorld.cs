using System.Text.Json;
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
        var ownerKey = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/keys", new { type = "owner", userId = world.Owner.Id, vin = Vin });
        world.OwnerKeyId = ownerKey.GetProperty("key").GetProperty("id").GetString()!;
        var rental = await TestService.PostAsync<JsonElement>(world.Renter.Client, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(2) });
        world.RenterKeyId = rental.GetProperty("key").GetProperty("key").GetProperty("id").GetString()!;
        world.RentalId = rental.GetProperty("rental").GetProperty("id").GetInt64();

        // Told by the pipeline in the background: settled before a test starts watching.
        await WaitForAsync(world.Owner.Client, "key.issued");
        await WaitForAsync(world.Renter.Client, "key.issued");
        return world;
    }

    /// <summary>The car reports what a key did, as a board does after a BLE command.</summary>
    public Task ReportAsync(EventKind kind, string? keyId = null, byte detail = 0, short value = 0) =>
        Car.SendAsync(new EventMessage
        {
            Events = [new EventRecord(kind, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), keyId is null ? 0 : Convert.ToUInt64(keyId, 16), detail, value)],
        });

    public static async Task<List<JsonElement>> FeedAsync(HttpClient client, string query = "")
    {
        var page = await TestService.GetAsync<JsonElement>(client, "/v1/notifications" + query);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Waits until the user's feed holds a notification of <paramref name="type"/> matching <paramref name="match"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, string type, Func<JsonElement, bool>? match = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
            {
                var hit = (await FeedAsync(client, "?limit=500")).Where(n => n.GetProperty("type").GetString() == type && (match?.Invoke(n) ?? true)).ToList();
                found = hit.FirstOrDefault();
                return hit.Count > 0;
            }, $"a {type} notification");
        return found;
    }

    /// <summary>Registers <paramref name="receiver"/> for the user and gives it the secret to check signatures with; returns the webhook id.</summary>
    public static async Task<string> RegisterAsync(HttpClient client, WebhookReceiver receiver, params string[] types)
    {
        var registered = await TestService.PostAsync<JsonElement>(client, "/v1/webhooks", new { url = receiver.Url, types });
        receiver.Secret = registered.GetProperty("secret").GetString();
        return registered.GetProperty("webhook").GetProperty("id").GetString()!;
    }

    /// <summary>A service that may send webhooks to loopback over http, with retries in milliseconds.</summary>
    public static Task<TestService> StartServiceAsync(string storage = "sqlite", TimeSpan? timeout = null, TimeSpan? giveUpAfter = null) =>
        TestService.StartAsync(storage, options =>
        {
            var webhooks = options.Notifications.Webhooks;
            webhooks.AllowHttp = true;
            webhooks.AllowPrivateNetworks = true;
            webhooks.Timeout = timeout ?? TimeSpan.FromSeconds(1);
            webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
            webhooks.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            webhooks.GiveUpAfter = giveUpAfter ?? TimeSpan.FromHours(1);
        });

    public static string Data(JsonElement notification, string field) => notification.GetProperty("data").GetProperty(field).GetString()!;

    public async ValueTask DisposeAsync() => await Car.DisposeAsync();
}
