namespace ShareKey.KeyService.Notifications;

/// <summary>The "Notifications" settings section: the pipeline, the stream and webhook delivery.</summary>
public sealed class NotificationOptions
{
    /// <summary>How often the pipeline looks for new audit entries and device events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A device not heard from for this long is reported silent to operators (0 = never).</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(1);

    public WebhookOptions Webhooks { get; set; } = new();
}

public sealed class WebhookOptions
{
    /// <summary>
    /// Allow endpoints on loopback, private and link-local addresses. Off by default:
    /// a user could otherwise point the service at its own network (SSRF). For local testing only.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allow http:// endpoints (no TLS). For local testing only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Endpoints one user may have registered at once.</summary>
    public int MaxEndpointsPerUser { get; set; } = 10;

    /// <summary>Requests in flight at once, over all endpoints (each endpoint has at most one).</summary>
    public int Workers { get; set; } = 32;

    /// <summary>A request not answered within this is a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after the first failure; each later one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);

    /// <summary>After this long without success a delivery is parked as dead (the owner may replay it).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
}
