using System.Diagnostics;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>
/// A device that reports over and over and answers every repair with Stale cannot drive the cloud
/// into a resend loop: each kind of repair a KeyReport asks for is paced per device (one ack
/// timeout, doubling for every repair in a row the device did not apply), and a pending Rotate is
/// not sent ahead of its schedule for a device that keeps reporting.
/// </summary>
public sealed class ResendLoopTests
{
    private const int Reports = 300;

    [Fact]
    public async Task Repairs_for_a_device_that_answers_stale_are_paced_not_repeated_per_report()
    {
        await using var service = await TestService.StartAsync();
        await using var device = await Fleet.OnlineAsync(service, "lock-stale");
        device.AnswerEverythingWith = AckStatus.Stale;
        var outboxBefore = (await OutboxAsync(service, device)).Select(row => row.Id).ToHashSet();

        // Clock far behind (a TimeSync is due) and a backup epoch the cloud has committed (a Commit is
        // due): reported until both repairs came at least once, then as many times again.
        var commitsBefore = device.Received().OfType<CommitMessage>().Count();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < Reports || !device.Received().OfType<TimeSyncMessage>().Any() || device.Received().OfType<CommitMessage>().Count() == commitsBefore)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the repairs never came");
            await device.SendAsync(new KeyReportMessage { ActiveEpoch = 1, BackupEpoch = 7, BulletinSequence = 0, DeviceTime = 0, Uses = [], RecentEvents = [] });
            sent++;
        }

        await ProcessedAsync(device);
        var elapsed = clock.Elapsed;

        var added = (await OutboxAsync(service, device)).Where(row => !outboxBefore.Contains(row.Id)).ToList();
        var bound = PacedBound(elapsed, service.Options.Rotation.AckTimeout);
        foreach (var type in new[] { "TimeSync", "Commit" })
        {
            var queued = added.Count(row => row.Type == type);
            Assert.InRange(queued, 1, bound);
        }
    }

    [Fact]
    public async Task Reports_asking_for_a_pending_rotate_resend_it_at_most_once_per_ack_timeout()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.AckTimeout = TimeSpan.FromSeconds(2));
        await using var device = await Fleet.OnlineAsync(service, "lock-rotate-loop");
        device.RotatesToIgnore = int.MaxValue;
        await TestService.PostAsync<RotationDto[]>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{device.Id:x16}" } });
        await device.WaitForAsync<RotateMessage>(rotate => rotate.Epoch == 2);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Reports; i++)
        {
            await device.SendKeyReportAsync();
        }

        await ProcessedAsync(device);
        var elapsed = clock.Elapsed;

        var rotates = device.Received().OfType<RotateMessage>().Count(rotate => rotate.Epoch == 2);
        Assert.InRange(rotates, 1, 2 + (int)(elapsed / TimeSpan.FromSeconds(2)));
    }

    /// <summary>
    /// Repairs of one kind a paced device can get in <paramref name="elapsed"/> when it applies none:
    /// the first at once, the next after one ack timeout, then after 2×, 4×, … — plus one queued
    /// just before the reports began.
    /// </summary>
    private static int PacedBound(TimeSpan elapsed, TimeSpan ackTimeout)
    {
        var count = 1;
        var wait = ackTimeout;
        for (var at = wait; at <= elapsed; wait *= 2, at += wait)
        {
            count++;
        }

        return count + 1;
    }

    /// <summary>Frames are applied in order: once the answer to a later BindRequest is here, every report before it was handled.</summary>
    private static async Task ProcessedAsync(ScriptedDevice device)
    {
        device.AnswerEverythingWith = null;
        await device.SendAsync(new BindRequestMessage { Vin = "1M8GDM9AXKP042788", Imsi = "310150123456789" });
        await device.WaitForAsync<BindResultMessage>(result => result.Vin == "1M8GDM9AXKP042788", TimeSpan.FromSeconds(60));
    }

    private static Task<List<OutboxDto>> OutboxAsync(TestService service, ScriptedDevice device) =>
        TestService.GetAsync<List<OutboxDto>>(service.Operator, $"/v1/devices/{device.Id:x16}/outbox?limit=1000");
}
