using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Tests.Fixtures;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Scale;

/// <summary>
/// The outbox giving a Rotate up and the device's ack confirming it, on the same device at the same
/// moment, over and over: two instances on one PostgreSQL database and mosquitto's shared
/// subscription, each Rotate allowed one send whose ack timeout is about as long as the ack takes,
/// so the sender abandons it (and gives the rotation up) just as the ack arrives at either instance.
/// Those two used to lock outbox → rotation and device → rotation → outbox and deadlocked (40P01);
/// now both lock the device first. Nothing may be lost: every rotation ends confirmed at the epoch
/// its device holds, and no transaction failure reaches a log as an error (the test service fails
/// on any logged error) — a collision that still happens is run again, not dropped.
/// </summary>
public sealed class GiveUpMeetsAckTests
{
    private const int Devices = 16;

    private const int Rounds = 4;

    private static readonly TimeSpan AckTimeout = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task A_give_up_and_an_ack_meeting_on_one_device_lose_nothing_and_no_deadlock_escapes()
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
            options.Rotation.MaxAttempts = 1;
            options.Rotation.AckTimeout = AckTimeout;
            options.Rotation.RedriveAfter = TimeSpan.FromMilliseconds(200);
        }

        await using var first = await TestService.StartAsync("postgresql", options => { Shared(options); options.InstanceName = "one"; });
        await using var second = await TestService.StartAsync("postgresql", options => { Shared(options); options.InstanceName = "two"; });
        using var secondOperator = second.Client(first.Operator.DefaultRequestHeaders.Authorization!.Parameter!);

        var devices = new List<ScriptedDevice>();
        try
        {
            for (var i = 0; i < Devices; i++)
            {
                var provisioned = await TestService.PostAsync<DeviceApi.ProvisionedDto>(i % 2 == 0 ? first.Operator : secondOperator, "/v1/devices", new { kind = "tbox", name = $"car-{i}" });
                var device = await ScriptedDevice.ConnectAsync(BoardFile.Parse(provisioned.BoardConfig));
                // A quarter answer about when the send times out, so give-up and ack meet; a quarter
                // well after it, so some Rotates surely run out of sends, however fast the rest ack.
                device.AckDelay = (i % 4) switch { 1 => AckTimeout, 3 => 4 * AckTimeout, _ => TimeSpan.Zero };
                devices.Add(device);
                await device.SendKeyReportAsync();
            }

            await AllConfirmedAsync(first.Operator, Devices);
            for (var round = 1; round <= Rounds; round++)
            {
                await TestService.PostAsync<RotationDto[]>(round % 2 == 0 ? first.Operator : secondOperator, "/v1/rotations", new { all = true });
                await AllConfirmedAsync(first.Operator, Devices * (round + 1));
            }

            foreach (var device in devices)
            {
                var shown = await TestService.GetAsync<DeviceApi.DeviceDetailsDto>(first.Operator, $"/v1/devices/{device.Id:x16}");
                Assert.Equal(1u + Rounds, shown.Device.Epoch);
                Assert.Equal(1u + Rounds, device.ActiveEpoch);
            }

            var gaveUp = (await TestService.GetAsync<AuditDto[]>(first.Operator, "/v1/audit?action=rotation.give-up&limit=1000")).Length;
            Assert.True(gaveUp > 0, "no Rotate ran out of sends, so give-up and ack never met");
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    /// <summary>Every rotation confirmed, none still sending or given up (a given-up one is re-driven and its late ack confirms it).</summary>
    private static Task AllConfirmedAsync(HttpClient operatorClient, int confirmed) =>
        Eventually.TrueAsync(async () =>
        {
            var summary = await TestService.GetAsync<RotationApi.RotationSummary>(operatorClient, "/v1/rotations/summary");
            return summary == new RotationApi.RotationSummary(Sending: 0, Confirmed: confirmed, GaveUp: 0, Failed: 0);
        }, $"{confirmed} rotations confirmed, none open or failed", TimeSpan.FromSeconds(60));
}
