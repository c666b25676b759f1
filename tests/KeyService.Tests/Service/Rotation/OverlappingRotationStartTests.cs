using System.Net;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Metrics;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Rotation;

/// <summary>
/// Operators rotating many devices at once, with requests whose devices overlap: each request
/// starts its chunks of <see cref="RotationOperations.ChunkSize"/> side by side on PostgreSQL
/// (<see cref="RotationOperations.PostgresChunksAtOnce"/>), and the chunks of different requests
/// hold the same devices in different orders and groupings. Each chunk locks its devices in one
/// statement in ascending id order, so none ever waits in a cycle: the database undoes no
/// transaction (a deadlock would be undone, run again by the TransactionRunner and counted in
/// sharekey_store_transaction_collisions_total — which must stay at zero), and every device
/// ends with one open rotation that each request sent again.
/// </summary>
public abstract class OverlappingRotationStartTests(string storage)
{
    private const int Devices = 2 * RotationOperations.ChunkSize + 20;

    [Fact]
    public async Task Overlapping_requests_rotating_many_devices_at_once_never_deadlock()
    {
        await using var service = await TestService.StartAsync(storage);
        var ids = await ProvisionAsync(service);
        var reversed = ids.AsEnumerable().Reverse().ToArray();
        var everyOther = ids.Where((_, i) => i % 2 == 0).ToArray();

        // The devices are offline: their first rotation (to epoch 1) is still open, so each request sends it again.
        var answers = await Task.WhenAll(
            StartAsync(service, new { all = true }),
            StartAsync(service, new { deviceIds = reversed }),
            StartAsync(service, new { deviceIds = everyOther }),
            StartAsync(service, new { deviceIds = reversed.Take(RotationOperations.ChunkSize + 7).ToArray() }));

        Assert.Equal(Devices, answers[0].Count);
        Assert.Equal(reversed, answers[1].Select(rotation => rotation.DeviceId));
        Assert.Equal(everyOther, answers[2].Select(rotation => rotation.DeviceId));
        var open = answers[0].ToDictionary(rotation => rotation.DeviceId, rotation => rotation.Id);
        Assert.All(answers.SelectMany(answer => answer), rotation =>
        {
            Assert.Equal(open[rotation.DeviceId], rotation.Id);
            Assert.Equal(RotationState.Sending, rotation.State);
            Assert.Equal(1u, rotation.ToEpoch);
        });
        Assert.Equal(new RotationApi.RotationSummary(Sending: Devices, Confirmed: 0, GaveUp: 0, Failed: 0), await TestService.GetAsync<RotationApi.RotationSummary>(service.Operator, "/v1/rotations/summary"));
        var merges = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=rotation.merge&limit=10000");
        Assert.Equal(answers.Sum(answer => answer.Count), merges.Length);

        using var metrics = await service.Operator.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(0, PrometheusText.Parse(await metrics.Content.ReadAsStringAsync()).Sum("sharekey_store_transaction_collisions_total"));
    }

    private static async Task<string[]> ProvisionAsync(TestService service)
    {
        var ids = new string[Devices];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < Devices)
            {
                ids[index] = (await TestService.PostAsync<DeviceApi.ProvisionedDto>(service.Operator, "/v1/devices", new { kind = "tbox", name = $"car-{index}" })).Device.Id;
            }
        }));
        return ids;
    }

    private static Task<List<RotationDto>> StartAsync(TestService service, object request) =>
        TestService.PostAsync<List<RotationDto>>(service.Operator, "/v1/rotations", request);
}

public sealed class SqliteOverlappingRotationStartTests() : OverlappingRotationStartTests("sqlite");

public sealed class PostgresOverlappingRotationStartTests() : OverlappingRotationStartTests("postgresql");
