using System.Net;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Vehicles;

/// <summary>
/// A VIN whose T-BOX is still reporting is not moved by another T-BOX's BindRequest: the claim is
/// contested (rejected with VinInUse, recorded, audited) until an operator keeps or moves the binding.
/// </summary>
public sealed class VinContestTests
{
    private const string Vin = "1M8GDM9AXKP042788";
    private const string HolderImsi = "310150123456789";
    private const string ClaimantImsi = "460001234567890";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_foreign_claim_is_contested_and_an_operator_moves_the_vin_to_the_claimant(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var holder = await Fleet.OnlineAsync(service, "tbox-holder");
        await using var claimant = await Fleet.OnlineAsync(service, "tbox-claimant");

        Assert.Equal(BindOutcome.Bound, (await VinBindingTests.BindAsync(holder, Vin, HolderImsi)).Outcome);
        var refused = await VinBindingTests.BindAsync(claimant, Vin, ClaimantImsi);
        Assert.Equal(BindOutcome.Rejected, refused.Outcome);
        Assert.Equal((byte)IdentityProblem.VinInUse, refused.Reason);
        await VinBindingTests.BindAsync(claimant, Vin, ClaimantImsi);

        var contested = await TestService.GetAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{Vin}");
        Assert.Equal($"{holder.Id:x16}", contested.Active?.DeviceId);
        Assert.Single(contested.History);
        var claim = Assert.Single(contested.Contests);
        Assert.Equal($"{claimant.Id:x16}", claim.DeviceId);
        Assert.Equal(ClaimantImsi, claim.Imsi);
        var bindAudit = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=vehicle.bind");
        Assert.Equal("contested", bindAudit[0].Result);

        var before = claimant.Received().OfType<BindResultMessage>().Count();
        var moved = await TestService.PostAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{Vin}/resolve/{claimant.Id:x16}", null);
        Assert.Equal($"{claimant.Id:x16}", moved.Active?.DeviceId);
        Assert.Equal(ClaimantImsi, moved.Active?.Imsi);
        Assert.Empty(moved.Contests);
        Assert.Contains("moved by an operator", moved.History[1].EndReason);

        await Eventually.TrueAsync(() => Task.FromResult(claimant.Received().OfType<BindResultMessage>().Count() > before), "another BindResult received");
        Assert.Equal(BindOutcome.Bound, claimant.Received().OfType<BindResultMessage>().Last().Outcome);
        var resolveAudit = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=vehicle.resolve");
        Assert.Equal("ok", resolveAudit[0].Result);
        Assert.Contains($"moved to T-BOX {claimant.Id:x16}", resolveAudit[0].Detail);
    }

    [Fact]
    public async Task An_operator_keeps_the_binding_and_only_operators_may_resolve()
    {
        await using var service = await TestService.StartAsync();
        await using var holder = await Fleet.OnlineAsync(service, "tbox-keeper");
        await using var claimant = await Fleet.OnlineAsync(service, "tbox-intruder");
        await VinBindingTests.BindAsync(holder, Vin, HolderImsi);
        await VinBindingTests.BindAsync(claimant, Vin, ClaimantImsi);

        var (_, user) = await service.CreateUserAsync("mallory");
        await AssertProblemAsync(await user.PostAsync($"/v1/vehicles/{Vin}/resolve/{claimant.Id:x16}", null), HttpStatusCode.Forbidden, "forbidden");
        var stranger = await service.ProvisionAsync("tbox-stranger");
        await AssertProblemAsync(await service.Operator.PostAsync($"/v1/vehicles/{Vin}/resolve/{stranger.DeviceId:x16}", null), HttpStatusCode.Conflict, "conflict");

        var kept = await TestService.PostAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{Vin}/resolve/{holder.Id:x16}", null);
        Assert.Equal($"{holder.Id:x16}", kept.Active?.DeviceId);
        Assert.Empty(kept.Contests);
        var audit = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=vehicle.resolve");
        Assert.Contains($"kept T-BOX {holder.Id:x16}", audit[0].Detail);

        await AssertProblemAsync(await service.Operator.PostAsync($"/v1/vehicles/{Vin}/resolve/{holder.Id:x16}", null), HttpStatusCode.Conflict, "conflict");
    }
}
