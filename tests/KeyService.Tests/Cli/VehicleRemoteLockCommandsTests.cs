using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Tests.Service.RemoteLock;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`vehicle charge-threshold`, `remote-lock`, `release` and `status` as the owner, a stranger refused, bad input a usage error.</summary>
public sealed class VehicleRemoteLockCommandsTests(CliService service) : IClassFixture<CliService>
{
    private const string Vin = "1M8GDM9A6KP042710";

    [Fact]
    public async Task The_owner_sets_the_threshold_locks_follows_and_releases_and_a_stranger_is_refused()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "cli-locked", Vin, "310150123456785");
        var owner = await service.JsonAsync<UserApi.CreatedUser>("user", "create", "cli-owner");
        var stranger = await service.JsonAsync<UserApi.CreatedUser>("user", "create", "cli-stranger");
        await RemoteLockAuthorityTests.IssueOwnerKeyAsync(service.Service, owner.User.Id, Vin);
        var ownerToken = owner.Token;

        var threshold = await service.RunAsAsync(ownerToken, "vehicle", "charge-threshold", Vin, "25");
        var badThreshold = await service.RunAsAsync(ownerToken, "vehicle", "charge-threshold", Vin, "lots");
        var locked = await service.RunAsAsync(ownerToken, "vehicle", "remote-lock", Vin);
        var message = await car.WaitForAsync<RemoteLockMessage>();
        await car.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.RemoteLocked, message.RequestedAt, message.MessageId, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Lock)] });
        await Eventually.TrueAsync(async () => (await service.RunAsAsync(ownerToken, "vehicle", "status", Vin)).Output.Contains("engaged"), "status shows the lock engaged");
        var status = await service.RunAsAsync(ownerToken, "vehicle", "status", Vin, "--json");
        var released = await service.RunAsAsync(ownerToken, "vehicle", "release", Vin);
        var refused = await service.RunAsAsync(stranger.Token, "vehicle", "remote-lock", Vin);

        Assert.True(threshold.ExitCode == 0, threshold.ToString());
        Assert.Contains("25 %", threshold.Output);
        Assert.Equal(1, badThreshold.ExitCode);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.Contains("Remote lock #", locked.Output);
        var json = status.Read<RemoteLockApi.RemoteLockStatusDto>();
        Assert.Equal(25, json.ChargeThreshold);
        Assert.Equal("engaged", json.Requests[0].State);
        Assert.True(released.ExitCode == 0, released.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error forbidden:", refused.Error);
    }
}
