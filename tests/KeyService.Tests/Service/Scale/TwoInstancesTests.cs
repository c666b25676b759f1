using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Metrics;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Tests.Fixtures;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Scale;

/// <summary>
/// The many-machine shape (docs/architecture.md §6): two service instances on one PostgreSQL database and
/// an external broker (Debian's mosquitto) with a shared subscription. Every rotation is confirmed
/// exactly once, whichever instance sends it and whichever receives the ack; keys applied for through
/// both at once never pass a device's limit.
/// </summary>
public sealed class TwoInstancesTests
{
    private const int Devices = 20;
    private const string FullVin = "1M8GDM9AXKP042788";
    private const string RoomyVin = "1HGCM82633A004352";

    [Fact]
    public async Task Two_instances_share_the_fleet_and_confirm_each_rotation_once()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = true });
        var instance = OneDatabase(broker);
        await using var first = await TestService.StartAsync("postgresql", instance("one"));
        await using var second = await TestService.StartAsync("postgresql", instance("two"));
        using var secondOperator = second.Client(first.Operator.DefaultRequestHeaders.Authorization!.Parameter!);

        var devices = new List<ScriptedDevice>();
        for (var i = 0; i < Devices; i++)
        {
            var provisioned = await TestService.PostAsync<DeviceApi.ProvisionedDto>(i % 2 == 0 ? first.Operator : secondOperator, "/v1/devices", new { kind = "tbox", name = $"car-{i}" });
            var board = BoardFile.Parse(provisioned.BoardConfig);
            var device = await ScriptedDevice.ConnectAsync(board);
            await device.SendKeyReportAsync();
            devices.Add(device);
        }

        foreach (var device in devices)
        {
            await device.WaitForAsync<CommitMessage>(commit => commit.Epoch == 1, TimeSpan.FromSeconds(30));
        }

        await TestService.PostAsync<RotationDto[]>(secondOperator, "/v1/rotations", new { all = true });
        foreach (var device in devices)
        {
            await device.WaitForAsync<CommitMessage>(commit => commit.Epoch == 2, TimeSpan.FromSeconds(30));
        }

        await Eventually.TrueAsync(async () => (await TestService.GetAsync<RotationApi.RotationSummary>(first.Operator, "/v1/rotations/summary")).Confirmed == 2 * Devices, "every device's rotation confirmed");
        var confirms = await TestService.GetAsync<AuditDto[]>(first.Operator, $"/v1/audit?action=rotation.confirm&limit=1000");
        Assert.Equal(2 * Devices, confirms.Length);
        Assert.Equal(2 * Devices, confirms.Select(e => e.Target + e.Detail).Distinct().Count());
        foreach (var device in devices)
        {
            // One Commit per rotation; QoS 1 and the outbox's resend after a late ack may deliver that same message twice.
            Assert.Single(device.Received().OfType<CommitMessage>().Where(commit => commit.Epoch == 2).Select(commit => commit.MessageId).Distinct());
            await device.DisposeAsync();
        }
    }

    /// <summary>
    /// Each instance batches the applications it receives on its own (Keys/KeyManager); the device rows locked in the
    /// database are what keeps two instances' batches from both taking a car's last places.
    /// </summary>
    [Fact]
    public async Task Keys_applied_for_through_both_instances_at_once_never_pass_a_devices_limit()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = true });
        var instance = OneDatabase(broker);
        await using var first = await TestService.StartAsync("postgresql", instance("one"));
        await using var second = await TestService.StartAsync("postgresql", instance("two"));
        using var secondOperator = second.Client(first.Operator.DefaultRequestHeaders.Authorization!.Parameter!);
        await using var full = await Fleet.OnlineAsync(first, "car-rush", FullVin, imsi: "310150123456781");
        await using var roomy = await Fleet.OnlineAsync(first, "car-calm", RoomyVin, imsi: "310150123456782");
        var (holderId, _) = await first.CreateUserAsync("rush-holder");
        var before = (await MetricsEndpointTests.ScrapeAsync(first.Operator), await MetricsEndpointTests.ScrapeAsync(secondOperator));

        HttpClient Through(int i) => i % 2 == 0 ? first.Operator : secondOperator;
        var toFull = Enumerable.Range(0, 2 * BulletinMessage.MaxEntries)
            .Select(i => Through(i).PostAsJsonAsync("/v1/keys", new { type = "renter", userId = holderId, vin = FullVin }, Json.Options));
        var toRoomy = Enumerable.Range(0, 10)
            .Select(i => Through(i).PostAsJsonAsync("/v1/keys", new { type = "renter", userId = holderId, vin = RoomyVin }, Json.Options));
        var answers = await Task.WhenAll(toFull.Concat(toRoomy).ToList());

        Assert.Equal(BulletinMessage.MaxEntries + 10, answers.Count(answer => answer.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(answer => answer.StatusCode != HttpStatusCode.Created))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, "device-key-limit");
        }

        Assert.Equal(BulletinMessage.MaxEntries, (await TestService.KeysAsync(secondOperator, $"deviceId={full.Id:x16}")).Length);
        Assert.Equal(10, (await TestService.KeysAsync(first.Operator, $"deviceId={roomy.Id:x16}")).Length);
        var issued = await TestService.GetAsync<List<AuditDto>>(first.Operator, "/v1/audit?action=key.issue&limit=1000");
        Assert.Equal(BulletinMessage.MaxEntries + 10, issued.Count(entry => entry.Result == "ok"));
        Assert.Equal(BulletinMessage.MaxEntries, issued.Count(entry => entry.Result == "device-key-limit"));
        // Each instance decided the half sent to it, in batches of its own.
        var after = (await MetricsEndpointTests.ScrapeAsync(first.Operator), await MetricsEndpointTests.ScrapeAsync(secondOperator));
        const string Applications = "sharekey_key_issue_batch_applications_sum";
        Assert.Equal(answers.Length / 2, after.Item1.Value(Applications) - before.Item1.Value(Applications));
        Assert.Equal(answers.Length / 2, after.Item2.Value(Applications) - before.Item2.Value(Applications));
    }

    /// <summary>Options for instances of one service: one fresh PostgreSQL database (the first instance's), one master key, <paramref name="broker"/>.</summary>
    private static Func<string, Action<ServiceOptions>> OneDatabase(MosquittoBroker broker)
    {
        var masterKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string? database = null;
        return name => options =>
        {
            options.InstanceName = name;
            options.MasterKey = masterKey;
            options.Broker.Url = $"mqtt://{broker.Host}:{broker.Port}";
            options.Broker.PublicHost = broker.Host;
            options.Storage.ConnectionString = database ?? options.Storage.ConnectionString;
            database = options.Storage.ConnectionString;
        };
    }
}
