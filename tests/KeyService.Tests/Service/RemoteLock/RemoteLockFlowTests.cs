using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.RemoteLock;

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

        var request = await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-lock", new { });
        var sent = await world.Car.WaitForAsync<RemoteLockMessage>();
        Assert.Equal((RemoteLockAction.Lock, RemoteLockTarget.Immobiliser), (sent.Action, sent.Target));
        Assert.InRange(sent.RequestedAt, (uint)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(request.MessageId, sent.MessageId);
        await world.WaitStateAsync("accepted");

        await world.EventAsync(EventKind.RemoteLockArmed, sent.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockWait.Moving);
        var armed = await world.WaitStateAsync("armed");
        Assert.Equal("moving", armed.Reason);
        await world.EventAsync(EventKind.RemoteLocked, sent.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Lock);
        await world.WaitStateAsync("engaged");

        await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-release", null);
        var release = await world.Car.WaitForAsync<RemoteLockMessage>(m => m.Action == RemoteLockAction.Release);
        await world.EventAsync(EventKind.RemoteLocked, release.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Release);
        await world.WaitStateAsync("released");

        var outcomes = await world.Service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=vehicle.remote-lock.outcome");
        Assert.Equal(["armed", "engaged", "released"], outcomes.Select(e => e.Result).Order().ToArray());
        await Eventually.TrueAsync(async () => (await NotificationWorld.FeedAsync(world.Owner)).Count(n => n.Type == NotificationType.RemoteLockOutcome) >= 7, "the owner told of two requests, two acks, armed, engaged and released");
        var told = (await NotificationWorld.FeedAsync(world.Owner)).Where(n => n.Type == NotificationType.RemoteLockOutcome)
            .Select(n => NotificationWorld.Data(n, "status")).ToList();
        Assert.Contains("requested", told);
        Assert.Contains("armed", told);
        Assert.Contains("engaged", told);
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(world.Friend), n => n.Type == NotificationType.RemoteLockOutcome);
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
        Assert.Equal(20, status.ChargeThreshold);
        Assert.Equal(18, status.Vehicle!.StateOfCharge);
        Assert.Equal("charging", status.Vehicle.Cable);
        Assert.Equal(prompt, status.OpenPrompt!.Id);

        await Eventually.TrueAsync(async () => (await NotificationWorld.FeedAsync(world.Owner)).Any(n => n.Type == NotificationType.StateOfCharge), "the low-charge prompt");
        var told = Assert.Single(await NotificationWorld.FeedAsync(world.Owner), n => n.Type == NotificationType.StateOfCharge);
        // The prompt's data carries the request that answers it, in the API's own JSON.
        var action = told.Data.GetProperty("action");
        Assert.Equal($"/v1/vehicles/{Vin}/remote-lock", action.GetProperty("path").GetString());
        Assert.Equal(prompt, action.GetProperty("body").GetProperty("promptId").GetInt64());
        Assert.Equal("19", NotificationWorld.Data(told, "percent"));
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(world.Friend), n => n.Type == NotificationType.StateOfCharge);

        var answered = await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-lock", new { promptId = prompt });
        Assert.Equal(prompt, answered.PromptId);
        await world.Car.WaitForAsync<RemoteLockMessage>();
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync($"/v1/vehicles/{Vin}/remote-lock", new { promptId = prompt }), HttpStatusCode.Conflict, "conflict");
        Assert.Null((await world.StatusAsync()).OpenPrompt);
    }

    [Fact]
    public async Task A_prompt_closes_once_the_charge_is_back_above_the_threshold_and_a_new_dip_prompts_again()
    {
        await using var world = await World.StartAsync("sqlite");
        await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-lock", new { }); // no effect on prompts: the car reports released
        using (await world.Owner.PutAsJsonAsync($"/v1/vehicles/{Vin}/charge-threshold", new { percent = 20 }))
        {
        }

        await world.ReportAsync(19);
        var first = await world.WaitPromptAsync();
        await world.ReportAsync(22);
        Assert.Equal(first, (await world.StatusAsync()).OpenPrompt?.Id); // within the hysteresis
        await world.ReportAsync(23);
        await Eventually.TrueAsync(async () => (await world.StatusAsync()).OpenPrompt is null, "the prompt closed as recovered");
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

        var first = await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-lock", new { });
        await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-release", null);

        var requests = (await world.StatusAsync()).Requests;
        Assert.Equal("sent", requests[0].State);
        Assert.Equal("superseded", requests[1].State);
        var outbox = await world.Service.Operator.GetAsync<List<OutboxDto>>($"/v1/devices/{world.Car.Id:x16}/outbox");
        Assert.Contains(outbox, m => m.MessageId == first.MessageId && m.State == OutboxState.Cancelled);

        await world.Car.ConnectAsync();
        var release = await world.Car.WaitForAsync<RemoteLockMessage>(m => m.Action == RemoteLockAction.Release);
        await world.EventAsync(EventKind.RemoteLockRefused, release.MessageId, (byte)RemoteLockRefusal.TooOld, (short)RemoteLockAction.Release);
        var refused = await world.WaitStateAsync("refused");
        Assert.Equal("too-old", refused.Reason);
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

        var messageId = (await world.Owner.PostAsync<RemoteLockApi.RemoteLockRequestDto>($"/v1/vehicles/{Vin}/remote-lock", new { })).MessageId;
        await Eventually.TrueAsync(async () => (await world.Service.Operator.GetAsync<List<OutboxDto>>($"/v1/devices/{world.Car.Id:x16}/outbox"))
                .Any(m => m.MessageId == messageId && m.State == OutboxState.Abandoned), "the lock's sends ran out");

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

        public Task<RemoteLockApi.RemoteLockStatusDto> StatusAsync() => Owner.GetAsync<RemoteLockApi.RemoteLockStatusDto>($"/v1/vehicles/{Vin}/remote-lock");

        /// <summary>Waits until the newest request is in <paramref name="state"/>; returns it.</summary>
        public async Task<RemoteLockApi.RemoteLockRequestDto> WaitStateAsync(string state)
        {
            RemoteLockApi.RemoteLockRequestDto? newest = null;
            await Eventually.TrueAsync(async () =>
            {
                newest = (await StatusAsync()).Requests[0];
                return newest.State == state;
            }, "the newest request " + state);
            return newest!;
        }

        public async Task<long> WaitPromptAsync()
        {
            long id = 0;
            await Eventually.TrueAsync(async () =>
            {
                id = (await StatusAsync()).OpenPrompt?.Id ?? 0;
                return id != 0;
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
                if ((await StatusAsync()).Vehicle?.StateOfCharge == percent)
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
