using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Uplinks;

namespace ShareKey.KeyService.Tests.Service.Metrics;

/// <summary>/metrics of a running service, scraped over HTTP and parsed, before and after a real rotation.</summary>
public sealed class MetricsEndpointTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_rotation_moves_the_service_metrics(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "car-m1");
        var parked = await service.ProvisionAsync("car-m2-offline");
        var before = await ScrapeAsync(service.Operator);
        // Bringing the car online already rotated it once (its first epoch); the offline car's first rotation waits for it.
        Assert.Equal(1, before.Value("sharekey_rotations", ("state", "sending")));
        Assert.Equal(1, before.Value("sharekey_devices_connected"));

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}", parked.Id } });
        var carRotation = started.Single(r => r.DeviceId == $"{car.Id:x16}").Id;
        await RotationAckTests.WaitForStateAsync(service, carRotation, RotationState.Confirmed);
        var after = await ScrapeAsync(service.Operator);

        Assert.Equal(1, after.Value("sharekey_rotations", ("state", "confirmed")) - before.Value("sharekey_rotations", ("state", "confirmed")));
        Assert.Equal(1, after.Value("sharekey_rotations", ("state", "sending")));
        Assert.Equal("histogram", after.TypeOf("sharekey_rotation_ack_seconds"));
        Assert.Equal(1, after.Value("sharekey_rotation_ack_seconds_count") - before.Value("sharekey_rotation_ack_seconds_count"));
        Assert.Equal(1, after.Value("sharekey_rotation_confirm_seconds_count") - before.Value("sharekey_rotation_confirm_seconds_count"));
        Assert.True(after.Value("sharekey_rotation_ack_seconds_sum") > 0);
        // The offline car's Rotate waits in the outbox, queued before this scrape.
        Assert.True(after.Value("sharekey_outbox_pending") >= 1);
        Assert.True(after.Value("sharekey_outbox_oldest_pending_age_seconds") > 0);
        Assert.True(after.Value("sharekey_uplink_frames_total") > before.Value("sharekey_uplink_frames_total"));
        Assert.True(after.Value("sharekey_uplink_batch_frames_count") > before.Value("sharekey_uplink_batch_frames_count"));
        // The largest batch the processor takes has a bucket of its own: a full batch is told from a larger one.
        Assert.Equal(after.Value("sharekey_uplink_batch_frames_count"), after.Value("sharekey_uplink_batch_frames_bucket", ("le", $"{UplinkProcessor.BatchSize}")));
        Assert.True(after.Value("sharekey_store_transaction_seconds_count", ("outcome", "commit")) > before.Value("sharekey_store_transaction_seconds_count", ("outcome", "commit")));
        Assert.True(after.Value("sharekey_store_statements_total", ("outcome", "commit")) > before.Value("sharekey_store_statements_total", ("outcome", "commit")));
        Assert.True(after.Value("sharekey_store_round_trips_total", ("outcome", "commit")) > before.Value("sharekey_store_round_trips_total", ("outcome", "commit")));
        Assert.True(after.Value("sharekey_broker_messages_total", ("direction", "in")) > before.Value("sharekey_broker_messages_total", ("direction", "in")));
        Assert.True(after.Value("sharekey_broker_messages_total", ("direction", "out")) > before.Value("sharekey_broker_messages_total", ("direction", "out")));
        Assert.Equal("counter", after.TypeOf("sharekey_broker_messages_total"));
        Assert.Equal(1, after.Value("sharekey_devices_connected"));
        Assert.Equal(1, after.Sum("http_request_duration_seconds_count", ("endpoint", "/v1/rotations/"), ("method", "POST"), ("code", "200")));
    }

    [Fact]
    public async Task Only_operators_read_the_metrics()
    {
        await using var service = await TestService.StartAsync();
        var (_, user) = await service.CreateUserAsync("metrics-reader");
        using var anonymous = new HttpClient { BaseAddress = new Uri(service.Url) };

        await AssertProblemAsync(await anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized, "unauthenticated");
        var forbidden = await AssertProblemAsync(await user.GetAsync("/metrics"), HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("sharekey_", forbidden.Body);
    }

    internal static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
