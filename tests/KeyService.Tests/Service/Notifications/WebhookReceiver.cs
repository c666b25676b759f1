using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Notifications;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port. It checks every delivery's signature the way
/// the README tells receivers to, and answers from a script — fail (500), hang (never answer),
/// fail once released (<see cref="Release"/>), redirect, or accept — so tests can watch the service
/// retry, time out and give up.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public enum Answer
    {
        Accept,
        Fail,
        Hang,
        FailWhenReleased,
        Redirect,
    }

    private readonly WebApplication _app;
    private readonly Queue<Answer> _script = new();
    private readonly List<Received> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>One request as it arrived, and what it was answered (0: never answered).</summary>
    public sealed record Received(string? EventId, string? Type, bool Verified, int Answered, JsonElement Body);

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Checks signatures with this (set it from the registration's answer).</summary>
    public string? Secret { get; set; }

    /// <summary>What to answer once the script is used up.</summary>
    public Answer Otherwise { get; set; } = Answer.Accept;

    /// <summary>Where a redirect points.</summary>
    public string RedirectTo { get; set; } = "http://127.0.0.1:9/";

    /// <summary>The most requests this receiver was handling at once.</summary>
    public int MostAtOnce { get; private set; }

    public int Hanging => Volatile.Read(ref _inFlight);

    public IReadOnlyList<Received> All
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(params Answer[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        foreach (var answer in script)
        {
            receiver._script.Enqueue(answer);
        }

        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Lets every request answered <see cref="Answer.FailWhenReleased"/> fail, now and from now on.</summary>
    public void Release() => _released.TrySetResult();

    public void Script(params Answer[] answers)
    {
        lock (_received)
        {
            foreach (var answer in answers)
            {
                _script.Enqueue(answer);
            }
        }
    }

    /// <summary>Waits until what arrived satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(All))
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the receiver never saw {what}; it got: {string.Join("; ", All.Select(r => $"{r.EventId} {r.Type} answered {r.Answered}"))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Hanging requests end now rather than holding the shutdown for its grace period.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (_received)
        {
            MostAtOnce = Math.Max(MostAtOnce, now);
        }

        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var body = buffer.ToArray();
            var verified = Secret is not null && WebhookSignature.Verify(
                Secret, http.Request.Headers[WebhookSignature.TimestampHeader], http.Request.Headers[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            Answer answer;
            lock (_received)
            {
                answer = _script.Count > 0 ? _script.Dequeue() : Otherwise;
            }

            var status = answer switch
            {
                Answer.Accept => verified ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized,
                Answer.Fail or Answer.FailWhenReleased => StatusCodes.Status500InternalServerError,
                Answer.Redirect => StatusCodes.Status302Found,
                _ => 0,
            };
            var received = new Received(http.Request.Headers[WebhookSignature.EventIdHeader], http.Request.Headers[WebhookSignature.EventTypeHeader], verified, status, JsonDocument.Parse(body).RootElement.Clone());
            lock (_received)
            {
                _received.Add(received);
            }

            _arrived.Release();
            if (answer is Answer.Hang or Answer.FailWhenReleased)
            {
                using var hang = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
                await (answer == Answer.Hang ? Task.Delay(Timeout.Infinite, hang.Token) : _released.Task.WaitAsync(hang.Token));
            }

            if (answer == Answer.Redirect)
            {
                http.Response.Headers.Location = RedirectTo;
            }

            http.Response.StatusCode = status;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The sender gave up waiting (its timeout), or the receiver is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
