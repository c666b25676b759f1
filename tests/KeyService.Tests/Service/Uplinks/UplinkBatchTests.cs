using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Uplinks;
using ShareKey.KeyService.Vehicles;
using ShareKey.KeyService.Tests.Service.Vehicles;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>
/// One batch of up frames as the uplink processor applies it (several devices, several kinds, in
/// one session, each step for all frames together): every frame does what it would alone, a
/// device's frames in the order they came, each seeing what the one before did.
/// </summary>
public sealed class UplinkBatchTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_batch_mixing_devices_and_frame_kinds_applies_each_frame_as_it_would_alone(string storage)
    {
        // No resends during the test: every ack the batch carries is one the test chose.
        await using var service = await TestService.StartAsync(storage, options => options.Rotation.AckTimeout = TimeSpan.FromMinutes(5));
        await using var a = await Fleet.OnlineAsync(service, $"batch-a-{storage}");
        await using var b = await Fleet.OnlineAsync(service, $"batch-b-{storage}");
        await using var c = await Fleet.OnlineAsync(service, $"batch-c-{storage}");
        var (ackA, ackB) = await RotateHoldingAcksAsync(service, a, b);
        var events = EventReceiptTests.EventFrame(c, 0x7000_0001, EventReceiptTests.T0 + 1, EventReceiptTests.T0 + 2);
        var forgedProof = (byte[])ackB.Proof.Clone();
        forgedProof[0] ^= 0xff;

        await Processor(service).ApplyInOneSessionAsync(
        [
            Up(c, events),
            Up(a, a.Frame(Copy(ackA, ackA.Proof))),
            Up(b, b.Frame(Copy(ackB, forgedProof))),
            Up(c, BadMacFrame()),
            // The same ack again under its own uplink id: it must see the rotation the first one confirmed.
            Up(a, a.Frame(Copy(ackA, ackA.Proof))),
            // A copy of c's Event batch (same uplink id): stored once, receipted again.
            Up(c, events),
            Up(b, EventReceiptTests.EventFrame(b, 0x7000_0002, EventReceiptTests.T0 + 3)),
            Up(a, a.Frame(a.Read(state => state.ToKeyReport([])))),
        ], CancellationToken.None);

        // a: confirmed once, one Commit queued, its report after the ack stored.
        Assert.Equal(RotationState.Confirmed, (await OpenOrLatestAsync(service, a)).State);
        Assert.Equal(2, (await AuditAsync(service, "rotation.confirm", a)).Count);
        var outboxA = await service.Operator.GetAsync<List<OutboxDto>>($"/v1/devices/{a.Id:x16}/outbox");
        Assert.Equal(2, outboxA.Count(message => message.Type == "Commit"));
        Assert.Equal(OutboxState.Acked, outboxA.Single(message => message.MessageId == ackA.AckedMessageId).State);
        var detailsA = await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{a.Id:x16}");
        Assert.Equal(2u, detailsA.Device.Epoch);
        Assert.Equal((2u, 1u), (detailsA.LastReport!.ActiveEpoch, detailsA.LastReport.BackupEpoch));
        await a.WaitForAsync<CommitMessage>(commit => commit.Epoch == 2);

        // b: the forged proof refused and the rotation still waiting, its events stored and receipted.
        var rotationB = await OpenOrLatestAsync(service, b);
        Assert.Equal(RotationState.Sending, rotationB.State);
        Assert.Contains("does not verify", rotationB.LastError);
        Assert.Single(await AuditAsync(service, "rotation.ack", b), entry => entry.Result == "bad-proof");
        Assert.Equal(1u, (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{b.Id:x16}")).Device.Epoch);
        Assert.Equal(new[] { EventReceiptTests.T0 + 3 }, await EventReceiptTests.StoredTimesAsync(service, b));
        await b.WaitForAsync<EventReceiptMessage>(receipt => receipt.MessageId == 0x7000_0002);

        // c: the bad frame dropped, the events stored once, each copy receipted.
        Assert.Equal(new[] { EventReceiptTests.T0 + 1, EventReceiptTests.T0 + 2 }, await EventReceiptTests.StoredTimesAsync(service, c));
        await Eventually.TrueAsync(() => c.Received().OfType<EventReceiptMessage>().Count(receipt => receipt.MessageId == 0x7000_0001) == 2, "both copies receipted");

        // b's true proof, in a batch of its own, still confirms.
        await Processor(service).ApplyInOneSessionAsync([Up(b, b.Frame(Copy(ackB, ackB.Proof)))], CancellationToken.None);
        Assert.Equal(RotationState.Confirmed, (await OpenOrLatestAsync(service, b)).State);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_frame_the_store_refuses_is_dropped_alone_and_the_rest_of_its_batch_applied(string storage)
    {
        await using var service = await TestService.StartAsync(storage, options => options.Rotation.AckTimeout = TimeSpan.FromMinutes(5));
        var dropped = service.Environment.ExpectError<UplinkProcessor>("Could not apply a frame");
        await using var a = await Fleet.OnlineAsync(service, $"refused-a-{storage}");
        await using var b = await Fleet.OnlineAsync(service, $"refused-b-{storage}");
        var (ackA, _) = await RotateHoldingAcksAsync(service, a, b);
        var reportedBefore = (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{b.Id:x16}")).LastReport!.ReceivedAt;
        await service.ExecuteSqlAsync(RefuseKeyReports[storage]);

        await Processor(service).ApplyAsync([Up(b, b.Frame(b.Read(state => state.ToKeyReport([])))), Up(a, a.Frame(Copy(ackA, ackA.Proof)))], CancellationToken.None);

        await dropped.FirstSeen.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(RotationState.Confirmed, (await OpenOrLatestAsync(service, a)).State);
        Assert.Equal(2u, (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{a.Id:x16}")).Device.Epoch);
        Assert.Equal(reportedBefore, (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{b.Id:x16}")).LastReport!.ReceivedAt);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task BindRequests_and_VehicleReports_of_several_devices_in_one_batch_each_get_what_they_would_alone(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var devices = new List<ScriptedDevice>();
        for (var i = 0; i < 6; i++)
        {
            devices.Add(await Fleet.OnlineAsync(service, $"bind-batch-{i}-{storage}"));
        }

        try
        {
            var (fresh, malformed, confirming, moving) = (devices[0], devices[1], devices[2], devices[3]);
            // Two devices naming one VIN in the batch: the first (in id order, as the batch applies them) binds it, the second finds it held by a car still reporting.
            var (first, second) = devices[4].Id < devices[5].Id ? (devices[4], devices[5]) : (devices[5], devices[4]);
            Assert.Equal(BindOutcome.Bound, (await VinBindingTests.BindAsync(confirming, "1M8GDM9AXKP042788", "310150000000003")).Outcome);
            Assert.Equal(BindOutcome.Bound, (await VinBindingTests.BindAsync(moving, "11111111111111111", "310150000000004")).Outcome);
            var resultsBefore = devices.ToDictionary(device => device.Id, device => device.Received().OfType<BindResultMessage>().Count());

            await Processor(service).ApplyInOneSessionAsync(
            [
                Up(fresh, fresh.Frame(new BindRequestMessage { Vin = "2HGES16565H591724", Imsi = "310150000000001" })),
                Up(malformed, malformed.Frame(new BindRequestMessage { Vin = "1M8GDM9AYKP042788", Imsi = "310150000000002" })),
                Up(confirming, confirming.Frame(new BindRequestMessage { Vin = "1M8GDM9AXKP042788", Imsi = "310150000000003" })),
                // Its IMSI moves to another VIN: the binding of the old pair ends.
                Up(moving, moving.Frame(new BindRequestMessage { Vin = "JH4KA7561PC008269", Imsi = "310150000000004" })),
                Up(second, second.Frame(new BindRequestMessage { Vin = "5YJ3E1EA2KF317000", Imsi = "310150000000006" })),
                Up(first, first.Frame(new BindRequestMessage { Vin = "5YJ3E1EA2KF317000", Imsi = "310150000000005" })),
                // A device's VehicleReport after its BindRequest, and one from a device sending nothing else.
                Up(fresh, fresh.Frame(Report(41))),
                Up(malformed, malformed.Frame(Report(42))),
            ], CancellationToken.None);

            async Task<BindResultMessage> ResultAsync(ScriptedDevice device)
            {
                await Eventually.TrueAsync(() => device.Received().OfType<BindResultMessage>().Count() > resultsBefore[device.Id], $"a BindResult for {device.Id:x16}");
                return device.Received().OfType<BindResultMessage>().Last();
            }

            Assert.Equal(BindOutcome.Bound, (await ResultAsync(fresh)).Outcome);
            var refused = await ResultAsync(malformed);
            Assert.Equal((BindOutcome.Rejected, (byte)ShareKey.Protocol.Identity.IdentityProblem.VinCheckDigit), (refused.Outcome, refused.Reason));
            Assert.Equal(BindOutcome.Confirmed, (await ResultAsync(confirming)).Outcome);
            Assert.Equal(BindOutcome.Rebound, (await ResultAsync(moving)).Outcome);
            Assert.Equal(BindOutcome.Bound, (await ResultAsync(first)).Outcome);
            var contested = await ResultAsync(second);
            Assert.Equal((BindOutcome.Rejected, (byte)ShareKey.Protocol.Identity.IdentityProblem.VinInUse), (contested.Outcome, contested.Reason));

            await using var session = await service.Services.GetRequiredService<ShareKey.KeyService.Storage.IKeyStore>().BeginReadAsync(CancellationToken.None);
            Assert.Equal(fresh.Id, (await session.Bindings.ActiveByVinAsync("2HGES16565H591724", CancellationToken.None))?.DeviceId);
            Assert.Null(await session.Bindings.ActiveByDeviceAsync(malformed.Id, CancellationToken.None));
            Assert.Single(await session.Bindings.HistoryByDeviceAsync(confirming.Id, CancellationToken.None));
            Assert.Null(await session.Bindings.ActiveByVinAsync("11111111111111111", CancellationToken.None));
            Assert.Equal(moving.Id, (await session.Bindings.ActiveByVinAsync("JH4KA7561PC008269", CancellationToken.None))?.DeviceId);
            Assert.Equal(first.Id, (await session.Bindings.ActiveByVinAsync("5YJ3E1EA2KF317000", CancellationToken.None))?.DeviceId);
            Assert.Equal(second.Id, Assert.Single(await session.Bindings.OpenContestsByVinAsync("5YJ3E1EA2KF317000", CancellationToken.None)).DeviceId);
            Assert.Equal(41, (await session.RemoteLocks.StateAsync(fresh.Id, CancellationToken.None))?.StateOfCharge);
            Assert.Equal(42, (await session.RemoteLocks.StateAsync(malformed.Id, CancellationToken.None))?.StateOfCharge);
            var audited = await service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=vehicle.bind&limit=100");
            Assert.Equal(["ok", "rejected", "ok", "ok", "ok", "contested"], new[] { fresh, malformed, confirming, moving, first, second }.Select(device => audited.First(entry => entry.Actor == AuditLog.DeviceActor(device.Id)).Result));
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static VehicleReportMessage Report(byte percent) => new()
    {
        DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        StateOfCharge = percent,
        Cable = ChargingCable.Unplugged,
        SpeedKmh = 0,
        Ignition = 0,
        RemoteLock = RemoteLockState.Released,
    };

    /// <summary>Starts a rotation of both devices, which apply their Rotates but hold their Acks; returns each one's Ack of its Rotate.</summary>
    private static async Task<(AckMessage A, AckMessage B)> RotateHoldingAcksAsync(TestService service, ScriptedDevice a, ScriptedDevice b)
    {
        a.HoldAcks = b.HoldAcks = true;
        await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{a.Id:x16}", $"{b.Id:x16}" } });
        return (await HeldAckAsync(a), await HeldAckAsync(b));
    }

    private static async Task<AckMessage> HeldAckAsync(ScriptedDevice device)
    {
        var rotate = await device.WaitForAsync<RotateMessage>(message => message.Epoch == 2);
        var held = new List<AckMessage>();
        await Eventually.TrueAsync(() => { held.AddRange(device.TakeHeldAcks()); return held.Any(ack => ack.AckedMessageId == rotate.MessageId); }, "the device applied its Rotate");
        return held.Single(ack => ack.AckedMessageId == rotate.MessageId);
    }

    private static UplinkProcessor Processor(TestService service) => service.Services.GetRequiredService<UplinkProcessor>();

    private static Uplink Up(ScriptedDevice device, byte[] frame) => new(device.Id, frame, DateTimeOffset.UtcNow);

    private static AckMessage Copy(AckMessage ack, byte[] proof) => new() { AckedMessageId = ack.AckedMessageId, Status = ack.Status, Epoch = ack.Epoch, Proof = proof };

    private static byte[] BadMacFrame() =>
        new MessageEncoder(new Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider()))
            .Encode(new KeyReportMessage { MessageId = 999, ActiveEpoch = 9, Uses = [], RecentEvents = [] }, new byte[32]);

    private static async Task<RotationDto> OpenOrLatestAsync(TestService service, ScriptedDevice device) =>
        (await Fleet.RotationsAsync(service.Operator, device)).MaxBy(rotation => rotation.Id)!;

    private static Task<List<AuditDto>> AuditAsync(TestService service, string action, ScriptedDevice device) =>
        service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?action={action}&target=device:{device.Id:x16}");

    private static readonly Dictionary<string, string> RefuseKeyReports = new()
    {
        ["sqlite"] = """
            CREATE TRIGGER refuse_report_insert BEFORE INSERT ON key_reports BEGIN SELECT RAISE(ABORT, 'injected store failure'); END;
            CREATE TRIGGER refuse_report_update BEFORE UPDATE ON key_reports BEGIN SELECT RAISE(ABORT, 'injected store failure'); END;
            """,
        ["postgresql"] = """
            CREATE FUNCTION refuse_reports() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected store failure'; END $$;
            CREATE TRIGGER refuse_reports BEFORE INSERT OR UPDATE ON key_reports FOR EACH ROW EXECUTE FUNCTION refuse_reports();
            """,
    };
}
