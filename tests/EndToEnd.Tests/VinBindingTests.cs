using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.TBox.Binding;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Vehicles;
using ShareKey.Simulator.Devices;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// R4: a T-BOX binds the VIN its PEPS module reports to its modem's IMSI by itself, once per
/// assembly or part replacement; the service answers bound, confirmed or rebound and keeps every
/// pair in the vehicle's history (GET /v1/vehicles/{vin}).
/// </summary>
public sealed class VinBindingTests
{
    private const string NewModemImsi = "001019876543210";

    [Fact]
    public async Task First_power_on_binds_the_vin_and_a_reboot_does_not_ask_again()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-first-boot");
        var car = await rig.CarInServiceAsync(board);
        var (vin, imsi) = (car.Bus.Vin!, car.Bus.Imsi!);

        await rig.PowerOffAsync(car);
        var poweredOnAt = DateTimeOffset.UtcNow;
        var rebooted = await rig.PowerOnAsync(board);
        var phaseAfterBoot = rebooted.Status().BindPhase;
        await Eventually.GetAsync(
            () => rig.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{board.Id}"),
            device => device.LastReport is { } report && report.ReceivedAt >= poweredOnAt,
            "the rebooted car's KeyReport processed");

        var vehicle = await rig.Service.Operator.GetAsync<VehicleApi.VehicleDto>($"/v1/vehicles/{vin}");
        var pair = Assert.Single(vehicle.History);
        Assert.Equal(imsi, pair.Imsi);
        Assert.Equal(board.Id, pair.DeviceId);
        Assert.Null(pair.EndedAt);
        Assert.Equal(board.Id, vehicle.Active!.DeviceId);
        Assert.Single(rig.Log.Of(car.Source, $"VIN {vin} bound to IMSI {imsi}"));
        Assert.Single(rig.Log.Of(car.Source, "bind request #"));
        Assert.Equal(BindPhase.Idle, phaseAfterBoot);
        Assert.False(rebooted.Status().BindPending);
        Assert.Contains("outcome=bound", Assert.Single(await BindAuditAsync(rig, vin)).Detail);
    }

    [Fact]
    public async Task A_new_modem_binds_its_imsi_and_ends_the_old_pair()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-new-modem");
        var car = await rig.CarInServiceAsync(board);
        var (vin, oldImsi) = (car.Bus.Vin!, car.Bus.Imsi!);
        await rig.PowerOffAsync(car);

        var repaired = await rig.PowerOnAsync(board, imsi: NewModemImsi);
        Assert.True(repaired.Status().BindPending);
        await Eventually.TrueAsync(() => !repaired.Status().BindPending, "the new modem's binding answered");

        var vehicle = await rig.Service.Operator.GetAsync<VehicleApi.VehicleDto>($"/v1/vehicles/{vin}");
        var history = vehicle.History;
        Assert.Equal(2, history.Count);
        var ended = history.Single(pair => pair.Imsi == oldImsi);
        Assert.Equal($"VIN rebound to IMSI {NewModemImsi}", ended.EndReason);
        Assert.Equal(NewModemImsi, vehicle.Active!.Imsi);
        Assert.Equal(board.Id, vehicle.Active.DeviceId);
        Assert.Single(rig.Log.Of(car.Source, $"modem replaced (IMSI {oldImsi} -> {NewModemImsi}): VIN binding pending"));
        Assert.Single(rig.Log.Of(car.Source, $"VIN {vin} bound to IMSI {NewModemImsi}"));
        Assert.Contains("outcome=bound", (await BindAuditAsync(rig, vin))[0].Detail);
    }

    [Fact]
    public async Task A_new_tbox_keeping_the_cars_modem_is_confirmed()
    {
        await using var rig = await Rig.StartAsync();
        var oldBoard = await rig.ProvisionAsync("car-old-tbox");
        var oldTbox = await rig.CarInServiceAsync(oldBoard);
        var (vin, imsi) = (oldTbox.Bus.Vin!, oldTbox.Bus.Imsi!);
        await rig.PowerOffAsync(oldTbox);
        var newBoard = await rig.ProvisionAsync("car-new-tbox");

        var newTbox = await rig.PowerOnAsync(newBoard, vin, imsi);
        await Eventually.TrueAsync(() => !newTbox.Status().BindPending, "the new T-BOX's binding answered");

        var vehicle = await rig.Service.Operator.GetAsync<VehicleApi.VehicleDto>($"/v1/vehicles/{vin}");
        var history = vehicle.History;
        Assert.Equal(2, history.Count);
        Assert.All(history, pair => Assert.Equal(imsi, pair.Imsi));
        var ended = history.Single(pair => pair.DeviceId == oldBoard.Id);
        Assert.Equal($"modem moved to T-BOX {newBoard.Id}", ended.EndReason);
        Assert.Equal(newBoard.Id, vehicle.Active!.DeviceId);
        Assert.Single(rig.Log.Of(newTbox.Source, $"VIN {vin} confirmed to IMSI {imsi}"));
        Assert.Contains("outcome=confirmed", (await BindAuditAsync(rig, vin))[0].Detail);
    }

    [Fact]
    public async Task A_modem_bound_to_another_vin_is_rebound_to_this_car()
    {
        await using var rig = await Rig.StartAsync();
        var donorBoard = await rig.ProvisionAsync("car-donor");
        var donor = await rig.CarInServiceAsync(donorBoard);
        var (donorVin, imsi) = (donor.Bus.Vin!, donor.Bus.Imsi!);
        await rig.PowerOffAsync(donor);
        var board = await rig.ProvisionAsync("car-receiver");
        var vin = SimulatedIdentity.VinFor(board.Config.DeviceId);

        var car = await rig.PowerOnAsync(board, vin, imsi);
        await Eventually.TrueAsync(() => !car.Status().BindPending, "the receiving car's binding answered");

        var donorVehicle = await rig.Service.Operator.GetAsync<VehicleApi.VehicleDto>($"/v1/vehicles/{donorVin}");
        var vehicle = await rig.Service.Operator.GetAsync<VehicleApi.VehicleDto>($"/v1/vehicles/{vin}");
        Assert.Null(donorVehicle.Active);
        var ended = Assert.Single(donorVehicle.History);
        Assert.Equal($"IMSI rebound to VIN {vin}", ended.EndReason);
        var active = vehicle.Active!;
        Assert.Equal(imsi, active.Imsi);
        Assert.Equal(board.Id, active.DeviceId);
        Assert.Single(rig.Log.Of(car.Source, $"VIN {vin} rebound to IMSI {imsi}"));
        Assert.Single(vehicle.History);
        Assert.Contains("outcome=rebound", Assert.Single(await BindAuditAsync(rig, vin)).Detail);
    }

    /// <summary>The service's audit of the BindRequests for <paramref name="vin"/>, newest first: the outcome it answered is in each detail.</summary>
    private static Task<List<AuditDto>> BindAuditAsync(Rig rig, string vin) =>
        rig.Service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?action=vehicle.bind&target=vin:{vin}");
}
