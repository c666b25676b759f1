using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// Issuing a key holds the car's device row while it decides (Storage/Sql/DeviceLocks.cs). On PostgreSQL the
/// device is found through the VIN's binding and locked in one statement, which reads the binding before it
/// waits for the lock; what the issue decides on is read after the lock.
/// </summary>
public sealed class IssueLockTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    /// <summary>
    /// The VIN moves to another T-BOX while an issue waits for the car it named: the issue holds a device the VIN
    /// no longer names and is refused as a conflict, recorded as such, with no key made for either device.
    /// </summary>
    [Fact]
    public async Task An_issue_whose_vin_moves_to_another_tbox_while_it_waits_is_refused_as_a_conflict()
    {
        await using var service = await TestService.StartAsync("postgresql");
        await using var car = await Fleet.OnlineAsync(service, "car-moving", Vin);
        var replacement = await service.ProvisionAsync("tbox-replacement");
        var (userId, _) = await service.CreateUserAsync("moving-holder");

        var store = service.Services.GetRequiredService<IKeyStore>();
        HttpResponseMessage refused;
        await using (var first = await store.BeginAsync(CancellationToken.None))
        {
            await first.Devices.LockAsync([car.Id], CancellationToken.None);
            var issue = service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId, vin = Vin }, ShareKey.KeyService.Api.Json.Options);
            await PostgresLockWaits.UntilOneWaitsAsync(service, "the issue to wait for the car's row");

            var binding = (await first.Bindings.ActiveByVinAsync(Vin, CancellationToken.None))!;
            await first.Bindings.EndAsync(binding.Id, DateTimeOffset.UtcNow, "moved", CancellationToken.None);
            await first.Bindings.InsertAsync(Vin, "310150123456780", replacement.DeviceId, DateTimeOffset.UtcNow, CancellationToken.None);
            await first.CommitAsync(CancellationToken.None);
            refused = await issue;
        }

        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict, "conflict");
        Assert.Contains($"Vehicle {Vin} was bound to another device while the key was being issued", problem.Detail);
        Assert.Empty(await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}"));
        Assert.Empty(await TestService.KeysAsync(service.Operator, $"deviceId={replacement.Id}"));
        var audit = await TestService.GetAsync<List<AuditDto>>(service.Operator, "/v1/audit?action=key.issue");
        Assert.Contains(audit, entry => entry.Result == "conflict" && entry.Detail.Contains(Vin, StringComparison.Ordinal));
    }
}
