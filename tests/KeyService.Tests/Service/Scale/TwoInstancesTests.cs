using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Tests.Fixtures;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Scale;

/// <summary>
/// The many-machine shape (docs/architecture.md §6): two service instances on one PostgreSQL database and
/// an external broker (Debian's mosquitto) with a shared subscription. Every rotation is confirmed
/// exactly once, whichever instance sends it and whichever receives the ack.
/// </summary>
public sealed class TwoInstancesTests
{
    private const int Devices = 20;

    [Fact]
    public async Task Two_instances_share_the_fleet_and_confirm_each_rotation_once()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = true });
        var masterKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string? database = null;
        void Shared(ShareKey.KeyService.Hosting.ServiceOptions options)
        {
            options.MasterKey = masterKey;
            options.Broker.Url = $"mqtt://{broker.Host}:{broker.Port}";
            options.Broker.PublicHost = broker.Host;
            options.Storage.ConnectionString = database ?? options.Storage.ConnectionString;
            database = options.Storage.ConnectionString;
        }

        await using var first = await TestService.StartAsync("postgresql", options => { Shared(options); options.InstanceName = "one"; });
        await using var second = await TestService.StartAsync("postgresql", options => { Shared(options); options.InstanceName = "two"; });
        var operatorToken = first.Operator.DefaultRequestHeaders.Authorization!.Parameter!;
        using var secondOperator = second.Client(operatorToken);

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
}
