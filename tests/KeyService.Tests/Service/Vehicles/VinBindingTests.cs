using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Vehicles;

/// <summary>R4.3: the three cases, a replaced T-BOX, a rejected VIN, and the history `sharekey vehicle show` prints.</summary>
public sealed class VinBindingTests
{
    private const string Vin = "1M8GDM9AXKP042788";
    private const string OtherVin = "11111111111111111";
    private const string Imsi = "310150123456789";

    [Fact]
    public async Task Bound_then_confirmed_then_rebound_with_history()
    {
        await using var service = await TestService.StartAsync();
        await using var tbox = await Fleet.OnlineAsync(service, "tbox-1");

        Assert.Equal(BindOutcome.Bound, (await BindAsync(tbox, Vin, Imsi)).Outcome);
        Assert.Equal(BindOutcome.Confirmed, (await BindAsync(tbox, Vin, Imsi)).Outcome);
        Assert.Equal(BindOutcome.Rebound, (await BindAsync(tbox, OtherVin, Imsi)).Outcome);

        var old = await TestService.GetAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{Vin}");
        Assert.Null(old.Active);
        Assert.Contains("IMSI rebound", old.History[0].EndReason);
        var current = await TestService.GetAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{OtherVin}");
        Assert.Equal(Imsi, current.Active?.Imsi);
        Assert.Equal($"{tbox.Id:x16}", current.Device?.Id);
    }

    [Fact]
    public async Task A_replacement_tbox_takes_over_the_vin_of_a_silent_one()
    {
        // A zero window counts the first T-BOX as silent (it was replaced); one still reporting is
        // contested instead (VinContestTests).
        await using var service = await TestService.StartAsync(configure: options => options.Vehicles.ContestWindow = TimeSpan.Zero);
        await using var first = await Fleet.OnlineAsync(service, "tbox-2");
        await using var replacement = await Fleet.OnlineAsync(service, "tbox-3");

        Assert.Equal(BindOutcome.Bound, (await BindAsync(first, Vin, Imsi)).Outcome);
        Assert.Equal(BindOutcome.Bound, (await BindAsync(replacement, Vin, "460001234567890")).Outcome);

        var vehicle = await TestService.GetAsync<VehicleApi.VehicleDto>(service.Operator, $"/v1/vehicles/{Vin}");
        Assert.Equal($"{replacement.Id:x16}", vehicle.Active?.DeviceId);
        Assert.Equal(2, vehicle.History.Count);
    }

    [Fact]
    public async Task A_vin_with_a_wrong_check_digit_is_rejected_with_its_reason()
    {
        await using var service = await TestService.StartAsync();
        await using var tbox = await Fleet.OnlineAsync(service, "tbox-4");

        var result = await BindAsync(tbox, "1M8GDM9AYKP042788", Imsi);
        Assert.Equal(BindOutcome.Rejected, result.Outcome);
        Assert.Equal((byte)ShareKey.Protocol.Identity.IdentityProblem.VinCheckDigit, result.Reason);
        var audit = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=vehicle.bind");
        Assert.Equal("rejected", audit[0].Result);
    }

    internal static async Task<BindResultMessage> BindAsync(ScriptedDevice tbox, string vin, string imsi)
    {
        var before = tbox.Received().OfType<BindResultMessage>().Count();
        await tbox.SendAsync(new BindRequestMessage { Vin = vin, Imsi = imsi });
        await Eventually.TrueAsync(() => Task.FromResult(tbox.Received().OfType<BindResultMessage>().Count() > before), "another BindResult received");
        return tbox.Received().OfType<BindResultMessage>().Last();
    }
}
