using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Metrics;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// Applications for keys that arrive together share one transaction (KeyManager, Storage/RequestBatcher.cs). Each is
/// still decided as if it came alone after the ones before it: refused on its own, counted against its device's
/// room, and logged as issued or refused.
/// </summary>
public sealed class IssueTogetherTests
{
    private const string FullVin = "1M8GDM9AXKP042788";
    private const string RoomyVin = "1HGCM82633A004352";
    private const string UnboundVin = "5YJ3E1EA2KF317000";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_batch_is_decided_application_by_application_each_counting_the_keys_issued_before_it(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var full = await Fleet.OnlineAsync(service, "car-full", FullVin, imsi: "310150123456781");
        await using var roomy = await Fleet.OnlineAsync(service, "car-roomy", RoomyVin, imsi: "310150123456782");
        var (holderId, _) = await service.CreateUserAsync("batch-holder");
        var (holder, op) = (UserId(holderId), await OperatorAsync(service, "batch-operator"));
        var user = new Caller(holder, "batch-holder", UserRole.User);
        // Room for two more keys on the full car.
        for (var i = 0; i < BulletinMessage.MaxEntries - 2; i++)
        {
            await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "renter", userId = holderId, vin = FullVin });
        }

        var past = DateTimeOffset.UtcNow.AddDays(-2);
        Application[] batch =
        [
            new(op, Renter(holder, FullVin)),
            new(user, Renter(holder, FullVin)),
            new(op, Renter(holder, RoomyVin)),
            new(op, Renter(holder, FullVin) with { Type = KeyType.Owner }),
            new(op, Renter(holder, FullVin)),
            new(op, Renter(0x0123456789abcdef, RoomyVin)),
            new(op, Renter(holder, UnboundVin)),
            new(op, Renter(holder, RoomyVin) with { DeviceId = roomy.Id }),
            new(op, Renter(holder, RoomyVin) with { NotBefore = past, NotAfter = past.AddHours(1) }),
        ];

        var outcomes = await service.Services.GetRequiredService<KeyManager>().IssueTogetherAsync(batch, () => { });

        ErrorCode?[] expected = [null, ErrorCode.Forbidden, null, null, ErrorCode.DeviceKeyLimit, ErrorCode.UserNotFound, ErrorCode.VehicleNotBound, ErrorCode.InvalidRequest, ErrorCode.InvalidRequest];
        Assert.Equal(expected, outcomes.Select(outcome => (outcome.Failure as ServiceError)?.Code));
        Assert.All(outcomes, outcome => Assert.True((outcome.Issued is null) != (outcome.Failure is null)));
        Assert.Equal([full.Id, roomy.Id, full.Id], outcomes.Where(outcome => outcome.Issued is not null).Select(outcome => outcome.Issued!.Key.DeviceId));
        Assert.Equal(KeyType.Owner, outcomes[3].Issued!.Key.Type);

        Assert.Equal(BulletinMessage.MaxEntries, (await TestService.KeysAsync(service.Operator, $"deviceId={full.Id:x16}")).Length);
        Assert.Single(await TestService.KeysAsync(service.Operator, $"deviceId={roomy.Id:x16}"));
        var log = await TestService.GetAsync<List<AuditDto>>(service.Operator, "/v1/audit?action=key.issue&limit=100");
        foreach (var issued in outcomes.Select(outcome => outcome.Issued).OfType<IssuedKey>())
        {
            Assert.Single(log, entry => entry.Result == "ok" && entry.Target == KeyManager.KeyTarget(issued.Key.Id));
        }

        foreach (var (code, count) in new[] { ("forbidden", 1), ("device-key-limit", 1), ("user-not-found", 1), ("vehicle-not-bound", 1), ("invalid-request", 2) })
        {
            Assert.Equal(count, log.Count(entry => entry.Result == code));
        }

        Assert.Contains(log, entry => entry.Result == "forbidden" && entry.Actor == user.Actor && entry.Detail.Contains("Renter keys come with a rental", StringComparison.Ordinal));
    }

    /// <summary>
    /// On PostgreSQL a batch lets the next one start (Storage/RequestBatcher.cs) once all it has left is its commit:
    /// its keys are not yet seen by another session then. On SQLite it never does: the next batch would only wait
    /// for the one writer.
    /// </summary>
    [Theory]
    [InlineData("sqlite", 0)]
    [InlineData("postgresql", 1)]
    public async Task On_PostgreSQL_a_batch_lets_the_next_one_start_when_only_its_commit_is_left(string storage, int timesLetGo)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "car-commit", FullVin);
        var (holderId, _) = await service.CreateUserAsync("commit-holder");
        var (holder, op) = (UserId(holderId), await OperatorAsync(service, "commit-operator"));
        var keysSeenWhenLetGo = new List<int>();

        var outcomes = await service.Services.GetRequiredService<KeyManager>().IssueTogetherAsync(
            [new(op, Renter(holder, FullVin)), new(op, Renter(holder, FullVin))],
            // Blocking on purpose: the commit cannot begin before this returns, so what another session sees here is
            // all the batch has not committed.
            () => keysSeenWhenLetGo.Add(TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}").GetAwaiter().GetResult().Length));

        Assert.Equal(Enumerable.Repeat(0, timesLetGo), keysSeenWhenLetGo);
        Assert.All(outcomes, outcome => Assert.NotNull(outcome.Issued));
        Assert.Equal(2, (await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}")).Length);
    }

    /// <summary>
    /// A batch that fails as a whole (here a write the database refuses for one application) runs again one
    /// application at a time: the others get their keys, the one that cannot gets its own failure.
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task When_one_application_breaks_the_batch_the_others_are_issued_one_at_a_time(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "car-fault", FullVin);
        var (holderId, _) = await service.CreateUserAsync("fault-holder");
        var (cursedId, _) = await service.CreateUserAsync("fault-cursed");
        var (holder, cursed, op) = (UserId(holderId), UserId(cursedId), await OperatorAsync(service, "fault-operator"));
        var storedId = unchecked((long)cursed);
        await service.ExecuteSqlAsync(storage == "sqlite"
            ? $"CREATE TRIGGER refuse_cursed BEFORE INSERT ON keys WHEN NEW.holder_id = {storedId} BEGIN SELECT RAISE(ABORT, 'injected store failure'); END;"
            : $"""
              CREATE FUNCTION refuse_cursed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.holder_id = {storedId} THEN RAISE EXCEPTION 'injected store failure'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_cursed BEFORE INSERT ON keys FOR EACH ROW EXECUTE FUNCTION refuse_cursed();
              """);

        var outcomes = await service.Services.GetRequiredService<KeyManager>().IssueTogetherAsync(
            [new(op, Renter(holder, FullVin)), new(op, Renter(cursed, FullVin)), new(op, Renter(holder, FullVin))], () => { });

        Assert.NotNull(outcomes[0].Issued);
        Assert.Contains("injected store failure", outcomes[1].Failure?.Message);
        Assert.IsNotType<ServiceError>(outcomes[1].Failure);
        Assert.NotNull(outcomes[2].Issued);
        var keys = await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}");
        Assert.Equal(
            new[] { outcomes[0].Issued!.Key.Id, outcomes[2].Issued!.Key.Id }.Select(Hex.OfId).Order(),
            keys.Select(key => key.Id).Order());
    }

    /// <summary>
    /// A batch never waits for a device row another session holds: the application for that car is left to be
    /// issued alone, waiting for the row outside the batches' lane, while applications for other cars go on.
    /// PostgreSQL only: on SQLite the session holding the car holds the one writer, which every issue waits for.
    /// </summary>
    [Fact]
    public async Task A_car_locked_elsewhere_holds_up_only_its_own_application()
    {
        await using var service = await TestService.StartAsync("postgresql");
        await using var held = await Fleet.OnlineAsync(service, "car-held", FullVin, imsi: "310150123456781");
        await using var free = await Fleet.OnlineAsync(service, "car-free", RoomyVin, imsi: "310150123456782");
        var (holderId, _) = await service.CreateUserAsync("held-holder");
        var (holder, op) = (UserId(holderId), await OperatorAsync(service, "held-operator"));
        var manager = service.Services.GetRequiredService<KeyManager>();

        var store = service.Services.GetRequiredService<IKeyStore>();
        Task<IssuedKey> waiting;
        await using (var other = await store.BeginAsync(CancellationToken.None))
        {
            await other.Devices.LockAsync([held.Id], CancellationToken.None);

            // The batch: the held car's application undecided, the free car's issued, at once.
            var outcomes = await manager.IssueTogetherAsync([new(op, Renter(holder, FullVin)), new(op, Renter(holder, RoomyVin))], () => { });
            Assert.True(outcomes[0].DeviceBusy);
            Assert.Equal(free.Id, outcomes[1].Issued?.Key.DeviceId);

            // Through the front door: the held car's application waits for the row, alone; the free car's does not wait for it.
            waiting = manager.IssueAsync(op, Renter(holder, FullVin), CancellationToken.None);
            await PostgresLockWaits.UntilOneWaitsAsync(service, "the held car's application to wait for its row");
            Assert.Equal(free.Id, (await manager.IssueAsync(op, Renter(holder, RoomyVin), CancellationToken.None)).Key.DeviceId);
            Assert.False(waiting.IsCompleted);
            await other.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(held.Id, (await waiting).Key.DeviceId);
        Assert.Single(await TestService.KeysAsync(service.Operator, $"deviceId={held.Id:x16}"));
        Assert.Equal(2, (await TestService.KeysAsync(service.Operator, $"deviceId={free.Id:x16}")).Length);
    }

    /// <summary>Many applications at once over HTTP, however they are batched: a device's limit holds exactly.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Applications_sent_at_once_never_pass_a_devices_limit(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var full = await Fleet.OnlineAsync(service, "car-rush", FullVin, imsi: "310150123456781");
        await using var roomy = await Fleet.OnlineAsync(service, "car-calm", RoomyVin, imsi: "310150123456782");
        var (holderId, _) = await service.CreateUserAsync("rush-holder");
        var before = await MetricsEndpointTests.ScrapeAsync(service.Operator);

        var toFull = Enumerable.Range(0, BulletinMessage.MaxEntries + 14)
            .Select(_ => service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId = holderId, vin = FullVin }, Json.Options));
        var toRoomy = Enumerable.Range(0, 10)
            .Select(_ => service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId = holderId, vin = RoomyVin }, Json.Options));
        var answers = await Task.WhenAll(toFull.Concat(toRoomy).ToList());

        Assert.Equal(BulletinMessage.MaxEntries + 10, answers.Count(answer => answer.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(answer => answer.StatusCode != HttpStatusCode.Created))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "device-key-limit");
        }

        Assert.Equal(BulletinMessage.MaxEntries, (await TestService.KeysAsync(service.Operator, $"deviceId={full.Id:x16}")).Length);
        Assert.Equal(10, (await TestService.KeysAsync(service.Operator, $"deviceId={roomy.Id:x16}")).Length);
        // Every application was taken by exactly one batch; under this load most batches took several.
        var after = await MetricsEndpointTests.ScrapeAsync(service.Operator);
        Assert.Equal(answers.Length, after.Value("sharekey_key_issue_batch_applications_sum") - before.Value("sharekey_key_issue_batch_applications_sum"));
        var batches = after.Value("sharekey_key_issue_batch_applications_count") - before.Value("sharekey_key_issue_batch_applications_count");
        Assert.InRange(batches, 1, answers.Length);
    }

    private static KeyRequest Renter(ulong userId, string vin) => new(KeyType.Renter, userId, vin, null, null, null, 0);

    private static ulong UserId(string hex) => ulong.Parse(hex, System.Globalization.NumberStyles.HexNumber);

    private static async Task<Caller> OperatorAsync(TestService service, string name) =>
        new(UserId((await service.CreateUserAsync(name, asOperator: true)).Id), name, UserRole.Operator);
}
