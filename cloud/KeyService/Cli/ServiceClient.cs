using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Cli;

/// <summary>An answer of the service: the parsed value for tables and the JSON as sent, for --json.</summary>
public sealed record Reply<T>(T Value, string Json);

/// <summary>
/// The one HTTP client of the CLI: sends the bearer token, and turns every failure into a
/// <see cref="CliFailure"/> with the exit-code policy of README.md § CLI — a refused request
/// (problem details, 4xx) is the caller's to fix (1) except a 409 conflict with the current
/// state (2); an unreachable, failing (5xx) or unintelligible service is a runtime failure (2).
/// </summary>
public sealed class ServiceClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Connection _connection;
    private HttpClient? _streaming;

    public ServiceClient(Connection connection)
    {
        _connection = connection;
        _http = new HttpClient { BaseAddress = connection.Url, Timeout = Timeout };
        if (connection.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        }
    }

    public Connection Connection => _connection;

    /// <summary>The service URL as people write it (no trailing slash), for messages.</summary>
    public string Url => _connection.Url.ToString().TrimEnd('/');

    public Task<Reply<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<Reply<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body ?? new { }, cancellationToken);

    /// <summary>GET of a body that is not JSON (an SVG map): its text, or the problem as any request fails.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Get, path, null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await SucceededAsync<JsonElement>(response, cancellationToken);
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<Reply<T>> PutAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Put, path, body, cancellationToken);

    public Task<Reply<T>> DeleteAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>GET that also accepts <paramref name="alsoAccepted"/> with a body of <typeparamref name="T"/> (/health answers 503 with its report).</summary>
    public async Task<(Reply<T> Reply, HttpStatusCode Status)> GetWithStatusAsync<T>(string path, HttpStatusCode alsoAccepted, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(HttpMethod.Get, path, null, cancellationToken);
        if (response.StatusCode == alsoAccepted)
        {
            return (await ReadAsync<T>(response, cancellationToken), response.StatusCode);
        }

        return (await SucceededAsync<T>(response, cancellationToken), response.StatusCode);
    }

    /// <summary>
    /// Opens a server-sent event stream (no overall timeout: it runs until the caller stops), resuming
    /// after <paramref name="lastEventId"/> when given. A refusal fails as any request does.
    /// </summary>
    public async Task<Stream> OpenEventStreamAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        _streaming ??= new HttpClient { BaseAddress = _connection.Url, Timeout = System.Threading.Timeout.InfiniteTimeSpan, DefaultRequestHeaders = { Authorization = _http.DefaultRequestHeaders.Authorization } };
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response;
        try
        {
            response = await _streaming.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new CliFailure(ExitCodes.Runtime, $"cannot reach the service at {Url} — is `sharekey serve` running? ({unreachable.Message})");
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                await SucceededAsync<JsonElement>(response, cancellationToken);
            }
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _streaming?.Dispose();
    }

    private async Task<Reply<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await ExchangeAsync(method, path, body, cancellationToken);
        return await SucceededAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json.Options);
        }

        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new CliFailure(ExitCodes.Runtime, $"cannot reach the service at {Url} — is `sharekey serve` running? ({unreachable.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Runtime, $"the service at {Url} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private async Task<Reply<T>> SucceededAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return await ReadAsync<T>(response, cancellationToken);
        }

        var problem = Problem.Parse(await response.Content.ReadAsStringAsync(cancellationToken), response.StatusCode);
        var hint = problem.Code == "unauthenticated" ? $" (token from {_connection.TokenSource})" : string.Empty;
        throw new CliFailure(ExitCodeOf(response.StatusCode), $"error {problem.Code}: {problem.Detail}{hint}");
    }

    private async Task<Reply<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, Json.Options);
            return value is null ? throw new JsonException("empty body") : new Reply<T>(value, json);
        }
        catch (JsonException unexpected)
        {
            throw new CliFailure(ExitCodes.Runtime, $"the service at {Url} answered {(int)response.StatusCode} with a body this CLI cannot read ({unexpected.Message}); is it a ShareKey service of the same version?");
        }
    }

    private static int ExitCodeOf(HttpStatusCode status) =>
        status == HttpStatusCode.Conflict || (int)status >= 500 ? ExitCodes.Runtime : ExitCodes.Usage;
}
