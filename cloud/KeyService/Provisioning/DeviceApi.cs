using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.Provisioning;

public static class DeviceApi
{
    public sealed record ProvisionRequest([OneOf("tbox", "parking-lock")] string Kind, [AsciiName(DeviceLifecycle.MaxNameLength)] string Name);

    public sealed record MqttAccount(string Username, string Password);

    public sealed record ProvisionedDto(DeviceDto Device, string BoardConfig, MqttAccount Mqtt);

    public sealed record DeviceDetailsDto(DeviceDto Device, BindingDto? Binding, RotationDto? OpenRotation, KeyReportDto? LastReport);

    public sealed record KeyWithUses(KeyDto Key, ushort? ReportedUses);

    public sealed record DeviceKeysDto(DeviceDto Device, KeyReportDto? Report, IReadOnlyList<KeyWithUses> Keys, IReadOnlyList<string> Drift);

    public static RouteGroupBuilder MapDevices(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").WithTags("Devices");

        devices.MapPost("/", async Task<Created<ProvisionedDto>> (ProvisionRequest request, DeviceLifecycle service, HttpContext http) =>
        {
            if (!BoardConfigFile.TryParseKind(request.Kind, out var kind))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "kind must be 'tbox' or 'parking-lock'.");
            }

            var provisioned = await service.ProvisionAsync(Caller.Of(http), kind, request.Name, http.RequestAborted);
            return TypedResults.Created(
                $"/v1/devices/{Ids.Format(provisioned.Device.Id)}",
                new ProvisionedDto(DeviceDto.Of(provisioned.Device), provisioned.BoardConfig, new MqttAccount(provisioned.MqttUsername, provisioned.MqttPassword)));
        }).WithSummary("Provision a board: id, root key, MQTT account, board configuration file (returned once). Operators only.");

        devices.MapGet("/", async ([OneOf(typeof(DeviceKind))] string? kind, [OneOf(typeof(DeviceState))] string? state, [AsciiName(DeviceLifecycle.MaxNameLength)] string? name, [Id] string? after, int? limit, DeviceService service, HttpContext http) =>
        {
            var size = PageSize.Of(limit);
            var page = await service.PageAsync(
                Caller.Of(http), EnumQuery.Parse<DeviceKind>(kind, "kind"), EnumQuery.Parse<DeviceState>(state, "state"), name, after is null ? null : Ids.Parse(after, "device"), size, http.RequestAborted);
            return TypedResults.Ok(new DevicePageDto([.. page.Select(DeviceDto.Of)], page.Count == size ? Ids.Format(page[^1].Id) : null));
        }).WithSummary($"Boards, by kind and state, in the order provisioned, {PageSize.Default} a page unless limit says (at most {PageSize.Max}); name: only the one in service of that name. Pass nextAfter as after for the next page. Operators only.");

        devices.MapGet("/{id}", async ([Id] string id, DeviceLifecycle service, HttpContext http) =>
        {
            var details = await service.ShowAsync(Caller.Of(http), Ids.Parse(id, "device"), http.RequestAborted);
            return TypedResults.Ok(new DeviceDetailsDto(
                DeviceDto.Of(details.Device),
                details.Binding is null ? null : BindingDto.Of(details.Binding),
                details.OpenRotation is null ? null : RotationDto.Of(details.OpenRotation),
                KeyReportDto.Of(details.LastReport)));
        }).WithSummary("A board: its state, VIN binding, open rotation and last key report. Operators only.");

        devices.MapPost("/{id}/decommission", async ([Id] string id, DeviceLifecycle service, HttpContext http) =>
            TypedResults.Ok(DeviceDto.Of(await service.DecommissionAsync(Caller.Of(http), Ids.Parse(id, "device"), http.RequestAborted))))
            .WithSummary("Take a board out of service: keys revoked, pending messages cancelled, binding ended.");

        devices.MapGet("/{id}/keys", async ([Id] string id, IKeyStore store, HttpContext http) =>
        {
            Caller.Of(http).RequireOperator("compare device key reports");
            var deviceId = Ids.Parse(id, "device");
            await using var session = await store.BeginReadAsync(http.RequestAborted);
            var device = await session.Devices.GetAsync(deviceId, forUpdate: false, http.RequestAborted) ?? throw DeviceService.NotFound(deviceId);
            var report = await session.Reports.KeyReportAsync(deviceId, http.RequestAborted);
            // The keys the device may hold or count: its live ones and those its report names. Its history
            // (a rental car keeps every renter's revoked key) is the key list's, a page at a time.
            var uses = report?.Uses.ToDictionary(use => use.KeyId, use => use.Uses) ?? [];
            var live = await session.Keys.LiveOfDeviceAsync(deviceId, http.RequestAborted);
            var reported = await session.Keys.GetManyAsync([.. uses.Keys.Except(live.Select(key => key.Id))], http.RequestAborted);
            var keys = live.Concat(reported.Where(key => key.DeviceId == deviceId)).OrderBy(key => key.CreatedAt).ThenBy(key => key.Id).ToList();
            var open = await session.Rotations.OpenForDeviceAsync(deviceId, http.RequestAborted);
            return TypedResults.Ok(new DeviceKeysDto(
                DeviceDto.Of(device),
                KeyReportDto.Of(report),
                keys.Select(key => new KeyWithUses(KeyDto.Of(key), uses.TryGetValue(key.Id, out var used) ? used : null)).ToList(),
                KeyDrift.Compare(device, open, report, keys)));
        }).WithSummary("The cloud's keys of a device that it may hold (its live keys, and any its KeyReport counts uses of) beside the device's own KeyReport, and where they differ (R1.4).");

        devices.MapGet("/{id}/events", async ([Id] string id, int? limit, IKeyStore store, HttpContext http) =>
        {
            Caller.Of(http).RequireOperator("see device events");
            await using var session = await store.BeginReadAsync(http.RequestAborted);
            var events = await session.Reports.EventsAsync(Ids.Parse(id, "device"), Math.Clamp(limit ?? 50, 1, 1000), http.RequestAborted);
            return TypedResults.Ok(events.Select(EventDto.Of).ToList());
        }).WithSummary("What a board reported (unlocks, refusals, tamper), newest first. Operators only.");

        devices.MapGet("/{id}/outbox", async ([Id] string id, [OneOf(typeof(Outbox.OutboxState))] string? state, int? limit, IKeyStore store, HttpContext http) =>
        {
            Caller.Of(http).RequireOperator("see the outbox");
            await using var session = await store.BeginReadAsync(http.RequestAborted);
            var messages = await session.Outbox.ListAsync(Ids.Parse(id, "device"), EnumQuery.Parse<Outbox.OutboxState>(state, "state"), Math.Clamp(limit ?? 50, 1, 1000), http.RequestAborted);
            return TypedResults.Ok(messages.Select(OutboxDto.Of).ToList());
        }).WithSummary("Down messages to a device: attempts, next attempt, ack.");

        return api;
    }
}
