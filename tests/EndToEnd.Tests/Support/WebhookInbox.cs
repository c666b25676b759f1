using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Notifications;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>A webhook receiver as an owner would run one: Kestrel on loopback, keeping the deliveries whose signature checks out.</summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonElement> _accepted = [];

    private WebhookInbox(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/inbox";

    public string? Secret { get; set; }

    public IReadOnlyList<JsonElement> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    public static async Task<WebhookInbox> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var inbox = new WebhookInbox(app);
        app.MapPost("/inbox", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (inbox.Secret is null || !WebhookSignature.Verify(
                inbox.Secret, http.Request.Headers[WebhookSignature.TimestampHeader], http.Request.Headers[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            {
                return Results.Unauthorized();
            }

            lock (inbox._accepted)
            {
                inbox._accepted.Add(JsonDocument.Parse(body).RootElement.Clone());
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return inbox;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
