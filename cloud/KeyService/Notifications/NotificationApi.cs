using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>The caller's own notifications: the feed (newest first, paged by id) and the live stream (server-sent events).</summary>
public static class NotificationApi
{
    public const int MaxPage = 500;

    /// <summary>With nothing to send, a comment line this often keeps proxies from closing the stream.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How often a stream looks again without a signal (notifications written by another instance).</summary>
    public static readonly TimeSpan StreamRecheck = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapNotificationFeed(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");

        notifications.MapGet("/", async Task<Ok<NotificationPageDto>> (long? before, int? limit, IKeyStore store, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            var size = limit ?? 50;
            if (size is < 1 or > MaxPage || before is <= 0)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"limit must be 1–{MaxPage} and before a notification id (from nextBefore).");
            }

            await using var session = await store.BeginReadAsync(http.RequestAborted);
            var page = await session.Notifications.NewestAsync(caller.UserId, before, size, http.RequestAborted);
            return TypedResults.Ok(new NotificationPageDto(page.Select(NotificationDto.Of).ToList(), page.Count == size ? page[^1].Id : null));
        })
            .WithName("listNotifications")
            .WithSummary("The caller's notifications, newest first; pass nextBefore as before for the next page.")
            .Produces<NotificationPageDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        notifications.MapGet("/stream", StreamAsync)
            .WithName("streamNotifications")
            .WithSummary("Server-sent events: each notification as it is made (event = type, id = notification id, data = JSON); resume with Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task StreamAsync(long? after, IKeyStore store, NotificationSignal signal, HttpContext http)
    {
        var caller = Caller.Of(http);
        var cancellationToken = http.RequestAborted;
        var resumeHeader = http.Request.Headers["Last-Event-ID"].ToString();
        long last;
        if (resumeHeader.Length > 0)
        {
            last = long.TryParse(resumeHeader, out var resumed) && resumed >= 0
                ? resumed
                : throw new ServiceError(ErrorCode.InvalidRequest, $"Last-Event-ID '{resumeHeader}' is not a notification id.");
        }
        else if (after is { } given)
        {
            last = given >= 0 ? given : throw new ServiceError(ErrorCode.InvalidRequest, "after must be a notification id.");
        }
        else
        {
            await using var session = await store.BeginReadAsync(cancellationToken);
            last = (await session.Notifications.NewestAsync(caller.UserId, null, 1, cancellationToken)).FirstOrDefault()?.Id ?? 0;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await http.Response.WriteAsync("retry: 2000\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<Notification> batch;
                // Read sessions: every open stream looks here on each signal or poll, and must not queue behind SQLite's writer.
                await using (var session = await store.BeginReadAsync(cancellationToken))
                {
                    batch = await session.Notifications.AfterAsync(caller.UserId, last, 100, cancellationToken);
                }

                foreach (var notification in batch)
                {
                    var data = JsonSerializer.Serialize(NotificationDto.Of(notification), NotificationDto.WireJson);
                    await http.Response.WriteAsync($"id: {notification.Id}\nevent: {notification.Type.Wire()}\ndata: {data}\n\n", cancellationToken);
                    last = notification.Id;
                }

                if (batch.Count > 0)
                {
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                    continue;
                }

                if (DateTimeOffset.UtcNow - quietSince >= KeepAlive)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                }

                await signal.WaitAsync(StreamRecheck, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
    }
}
