using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Api.AuthorizationTests;

namespace ShareKey.KeyService.Tests.Service.Vehicles;

/// <summary>
/// R3 in the cloud, with a scripted T-BOX: a request becomes a RemoteLock in the outbox, the car's
/// Ack and events move it on (accepted, armed, engaged, released, refused) and each step is audited
/// and told to the owner; the threshold prompts once and the prompt is answered with a lock; a newer
/// request replaces an unanswered one; a car that was away gets an abandoned request when back.
/// </summary>
public sealed class RemoteLockFlowTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_lock_is_sent_armed_engaged_and_released_each_step_audited_and_told_to_the_owner(string storage)
    {
        await using var world = await World.StartAsync(storage);

        var request = await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-lock", new { });
        var sent = await world.Car.WaitForAsync<RemoteLockMessage>();
        Assert.Equal((RemoteLockAction.Lock, RemoteLockTarget.Immobiliser), (sent.Action, sent.Target));
        Assert.InRange(sent.RequestedAt, (uint)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(request.GetProperty("messageId").GetUInt32(), sent.MessageId);
        await world.WaitStateAsync("accepted");

        await world.EventAsync(EventKind.RemoteLockArmed, sent.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockWait.Moving);
        var armed = await world.WaitStateAsync("armed");
        Assert.Equal("moving", armed.GetProperty("reason").GetString());
        await world.EventAsync(EventKind.RemoteLocked, sent.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Lock);
        await world.WaitStateAsync("engaged");

        await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-release", null);
        var release = await world.Car.WaitForAsync<RemoteLockMessage>(m => m.Action == RemoteLockAction.Release);
        await world.EventAsync(EventKind.RemoteLocked, release.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Release);
        await world.WaitStateAsync("released");

        var outcomes = await TestService.GetAsync<JsonElement>(world.Service.Operator, "/v1/audit?action=vehicle.remote-lock.outcome");
        Assert.Equal(["armed", "engaged", "released"], outcomes.EnumerateArray().Select(e => e.GetProperty("result").GetString()!).Order().ToArray());
        await Eventually.TrueAsync(async () => (await NotificationWorld.FeedAsync(world.Owner)).Count(n => n.GetProperty("type").GetString() == "vehicle.remote-lock-outcome") >= 7, "the owner told of two requests, two acks, armed, engaged and released");
        var told = (await NotificationWorld.FeedAsync(world.Owner)).Where(n => n.GetProperty("type").GetString() == "vehicle.remote-lock-outcome")
            .Select(n => n.GetProperty("data").GetProperty("status").GetString()).ToList();
        Assert.Contains("requested", told);
        Assert.Contains("armed", told);
        Assert.Contains("engaged", told);
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(world.Friend), n => n.GetProperty("type").GetString() == "vehicle.remote-lock-outcome");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Below_the_threshold_the_owner_is_prompted_once_and_answers_with_a_lock(string storage)
    {
        await using var world = await World.StartAsync(storage);
        await AssertProblemAsync(await world.Owner.PutAsJsonAsync($"/v1/vehicles/{Vin}/charge-threshold", new { percent = 0 }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await world.Owner.PutAsJsonAsync($"/v1/vehicles/{Vin}/charge-threshold", new { percent = 100 }), HttpStatusCode.BadRequest, "invalid-request");
        using (var set = await world.Owner.PutAsJsonAsync($"/v1/vehicles/{Vin}/charge-threshold", new { percent = 20 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        await world.ReportAsync(35);
        await world.ReportAsync(19);
        var prompt = await world.WaitPromptAsync();
        await world.ReportAsync(18);
        var status = await world.StatusAsync();
        Assert.Equal(20, status.GetProperty("chargeThreshold").GetInt32());
        Assert.Equal(18, status.GetProperty("vehicle").GetProperty("stateOfCharge").GetInt32());
        Assert.Equal("charging", status.GetProperty("vehicle").GetProperty("cable").GetString());
        Assert.Equal(prompt, status.GetProperty("openPrompt").GetProperty("id").GetInt64());

        await Eventually.TrueAsync(async () => (await NotificationWorld.FeedAsync(world.Owner)).Any(n => n.GetProperty("type").GetString() == "vehicle.state-of-charge"), "the low-charge prompt");
        var told = Assert.Single(await NotificationWorld.FeedAsync(world.Owner), n => n.GetProperty("type").GetString() == "vehicle.state-of-charge");
        var action = told.GetProperty("data").GetProperty("action");
        Assert.Equal($"/v1/vehicles/{Vin}/remote-lock", action.GetProperty("path").GetString());
        Assert.Equal(prompt, action.GetProperty("body").GetProperty("promptId").GetInt64());
        Assert.Equal("19", told.GetProperty("data").GetProperty("percent").GetString());
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(world.Friend), n => n.GetProperty("type").GetString() == "vehicle.state-of-charge");

        var answered = await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-lock", new { promptId = prompt });
        Assert.Equal(prompt, answered.GetProperty("promptId").GetInt64());
        await world.Car.WaitForAsync<RemoteLockMessage>();
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync($"/v1/vehicles/{Vin}/remote-lock", new { promptId = prompt }), HttpStatusCode.Conflict, "conflict");
        Assert.Equal(JsonValueKind.Undefined, (await world.StatusAsync()).TryGetProperty("openPrompt", out var none) ? none.ValueKind : JsonValueKind.Undefined);
    }

    [Fact]
    public async Task A_prompt_closes_once_the_charge_is_back_above_the_threshold_and_a_new_dip_prompts_again()
    {
        await using var world = await World.StartAsync("sqlite");
        await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-lock", new { }); // no effect on prompts: the car reports released
        using (await world.Owner.PutAsJsonAsync($"/v1/vehicles/{Vin}/charge-threshold", new { percent = 20 }))
        {
        }

        await world.ReportAsync(19);
        var first = await world.WaitPromptAsync();
        await world.ReportAsync(22);
        Assert.Equal(first, (await world.StatusAsync()).GetProperty("openPrompt").GetProperty("id").GetInt64()); // within the hysteresis
        await world.ReportAsync(23);
        await Eventually.TrueAsync(async () => !(await world.StatusAsync()).TryGetProperty("openPrompt", out _), "the prompt closed as recovered");
        await world.ReportAsync(15);

        Assert.NotEqual(first, await world.WaitPromptAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_newer_request_replaces_an_unanswered_one_and_a_refusal_says_why(string storage)
    {
        await using var world = await World.StartAsync(storage);
        world.Car.AnswerEverythingWith = null;
        await world.Car.DisconnectAsync();

        var first = await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-lock", new { });
        await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-release", null);

        var requests = (await world.StatusAsync()).GetProperty("requests");
        Assert.Equal("sent", requests[0].GetProperty("state").GetString());
        Assert.Equal("superseded", requests[1].GetProperty("state").GetString());
        var outbox = await TestService.GetAsync<JsonElement>(world.Service.Operator, $"/v1/devices/{world.Car.Id:x16}/outbox");
        Assert.Contains(outbox.EnumerateArray(), m => m.GetProperty("messageId").GetUInt32() == first.GetProperty("messageId").GetUInt32() && m.GetProperty("state").GetString() == "cancelled");

        await world.Car.ConnectAsync();
        var release = await world.Car.WaitForAsync<RemoteLockMessage>(m => m.Action == RemoteLockAction.Release);
        await world.EventAsync(EventKind.RemoteLockRefused, release.MessageId, (byte)RemoteLockRefusal.TooOld, (short)RemoteLockAction.Release);
        var refused = await world.WaitStateAsync("refused");
        Assert.Equal("too-old", refused.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_car_away_while_its_sends_ran_out_gets_the_request_when_it_is_back(string storage)
    {
        await using var world = await World.StartAsync(storage, options =>
        {
            options.Rotation.AckTimeout = TimeSpan.FromMilliseconds(200);
            options.Rotation.MaxAttempts = 2;
        });
        await world.Car.DisconnectAsync();

        var request = await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/vehicles/{Vin}/remote-lock", new { });
        var messageId = request.GetProperty("messageId").GetUInt32();
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<JsonElement>(world.Service.Operator, $"/v1/devices/{world.Car.Id:x16}/outbox")).EnumerateArray()
                .Any(m => m.GetProperty("messageId").GetUInt32() == messageId && m.GetProperty("state").GetString() == "abandoned"), "the lock's sends ran out");

        await world.Car.ConnectAsync();
        await world.ReportAsync(60);

        Assert.Equal(messageId, (await world.Car.WaitForAsync<RemoteLockMessage>(m => m.MessageId == messageId)).MessageId);
        await world.WaitStateAsync("accepted");
    }

    /// <summary>A bound car with an owner (and a friend holding a share of the owner key), its scripted T-BOX acking everything applied.</summary>
    private sealed class World : IAsyncDisposable
    {
        private World(TestService service, ScriptedDevice car, HttpClient owner, HttpClient friend)
        {
            Service = service;
            Car = car;
            Owner = owner;
            Friend = friend;
        }

        public TestService Service { get; }

        public ScriptedDevice Car { get; }

        public HttpClient Owner { get; }

        public HttpClient Friend { get; }

        public static async Task<World> StartAsync(string storage, Action<ShareKey.KeyService.Hosting.ServiceOptions>? configure = null)
        {
            var service = await TestService.StartAsync(storage, options =>
            {
                options.Notifications.PollInterval = TimeSpan.FromMilliseconds(50);
                configure?.Invoke(options);
            });
            var car = await Fleet.OnlineAsync(service, "locked-car", Vin);
            var (ownerId, owner) = await service.CreateUserAsync("owner");
            var (friendId, friend) = await service.CreateUserAsync("friend");
            var ownerKey = await RemoteLockAuthorityTests.IssueOwnerKeyAsync(service, ownerId, Vin);
            using var shared = await owner.PostAsJsonAsync($"/v1/keys/{ownerKey}/shares", new { userId = friendId, mode = "co-use" }, ShareKey.KeyService.Api.Json.Options);
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
            return new World(service, car, owner, friend);
        }

        public Task<JsonElement> StatusAsync() => TestService.GetAsync<JsonElement>(Owner, $"/v1/vehicles/{Vin}/remote-lock");

        /// <summary>Waits until the newest request is in <paramref name="state"/>; returns it.</summary>
        public async Task<JsonElement> WaitStateAsync(string state)
        {
            JsonElement newest = default;
            await Eventually.TrueAsync(async () =>
            {
                newest = (await StatusAsync()).GetProperty("requests")[0];
                return newest.GetProperty("state").GetString() == state;
            }, "the newest request " + state);
            return newest;
        }

        public async Task<long> WaitPromptAsync()
        {
            long id = 0;
            await Eventually.TrueAsync(async () =>
            {
                var status = await StatusAsync();
                if (!status.TryGetProperty("openPrompt", out var prompt))
                {
                    return false;
                }

                id = prompt.GetProperty("id").GetInt64();
                return true;
            }, "an open prompt");
            return id;
        }

        public Task EventAsync(EventKind kind, uint messageId, byte detail, short value) =>
            Car.SendAsync(new EventMessage { Events = [new EventRecord(kind, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), messageId, detail, value)] });

        /// <summary>
        /// A VehicleReport from a parked car at the charger, repeated every 2 s until the cloud holds it: the gateway
        /// drops a frame it cannot apply and relies on the device repeating (a real T-BOX reports every minute).
        /// </summary>
        public async Task ReportAsync(byte percent)
        {
            var report = new VehicleReportMessage
            {
                DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                StateOfCharge = percent,
                Cable = ChargingCable.Charging,
                SpeedKmh = 0,
                Ignition = 0,
                RemoteLock = RemoteLockState.Released,
            };
            var lastSent = DateTimeOffset.MinValue;
            await Eventually.TrueAsync(async () =>
            {
                if ((await StatusAsync()).TryGetProperty("vehicle", out var car) && car.GetProperty("stateOfCharge").GetInt32() == percent)
                {
                    return true;
                }

                if (DateTimeOffset.UtcNow - lastSent > TimeSpan.FromSeconds(2))
                {
                    await Car.SendAsync(report);
                    lastSent = DateTimeOffset.UtcNow;
                }

                return false;
            }, $"the report of {percent} %");
        }

        public async ValueTask DisposeAsync()
        {
            await Car.DisposeAsync();
            await Service.DisposeAsync();
        }
    }
}
