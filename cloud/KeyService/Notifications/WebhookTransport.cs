using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ShareKey.KeyService.Notifications;

/// <summary>The outcome of one POST: a 2xx status is delivered; anything else is retried.</summary>
public sealed record WebhookAttempt(bool Delivered, int? Status, string? Error);

/// <summary>
/// Sends one signed delivery. The connection is made only to addresses <see cref="WebhookAddressRule"/>
/// allows (checked after DNS, at connect time); no proxy, no redirects (a 3xx is a failure), no
/// cookies; the answer's body is never read; the whole exchange is bounded by the configured timeout.
/// </summary>
public sealed class WebhookTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly WebhookAddressRule _rule;

    public WebhookTransport(IOptions<NotificationOptions> options)
    {
        _options = options.Value.Webhooks;
        _rule = new WebhookAddressRule(_options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.Timeout,
            MaxResponseHeadersLength = 16,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ShareKey-Webhooks", "1"));
    }

    public async Task<WebhookAttempt> PostAsync(Uri url, string eventId, string eventType, string secret, byte[] body, DateTimeOffset now, CancellationToken stopping)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventIdHeader, eventId);
        request.Headers.Add(WebhookSignature.EventTypeHeader, eventType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new WebhookAttempt(true, status, null)
                : new WebhookAttempt(false, status, status is >= 300 and < 400 ? "redirect not followed" : $"answered {status}");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, $"no answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException failed)
        {
            return new WebhookAttempt(false, null, Shorten(failed.InnerException is RefusedAddressException refused ? refused.Message : failed.Message));
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(_rule.Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new RefusedAddressException($"{host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: a loopback, private or link-local address is refused");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300];

    private sealed class RefusedAddressException(string message) : IOException(message);
}
