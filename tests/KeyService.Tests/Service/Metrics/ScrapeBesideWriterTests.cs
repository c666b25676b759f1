using System.Text;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Storage;

namespace ShareKey.KeyService.Tests.Service.Metrics;

/// <summary>
/// The gauges read from the store at each scrape (outbox depth, rotations by state) read in read
/// sessions, on SQLite beside the one writer: a scrape while a write session is open does not queue
/// for it (before, it waited for the writer, and a scrape held every write up while it read).
/// </summary>
public sealed class ScrapeBesideWriterTests(SqliteStoreFixture sqlite) : StoreTests(sqlite), IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task A_scrape_reads_the_store_while_a_write_session_holds_the_writer()
    {
        var metrics = new MetricsRegistry();
        _ = new OutboxMetrics(metrics, Store, TimeProvider.System);
        _ = new RotationMetrics(metrics, Store);
        var device = await AddDeviceAsync();
        await CommitAsync(async s =>
        {
            await s.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1), Ct);
            await s.Rotations.InsertAsync(Sample.Rotation(device.Id), Ct);
        });

        string scraped;
        await using (var writer = await Store.BeginAsync(Ct))
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(30));
            using var text = new MemoryStream();
            await metrics.Registry.CollectAndExportAsTextAsync(text, bounded.Token);
            scraped = Encoding.UTF8.GetString(text.ToArray());
        }

        var parsed = PrometheusText.Parse(scraped);
        Assert.Equal(1, parsed.Value("sharekey_outbox_pending"));
        Assert.Equal(1, parsed.Value("sharekey_rotations", ("state", "sending")));
    }
}
