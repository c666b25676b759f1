namespace ShareKey.KeyService.Audit;

/// <summary>
/// Who did what to what, when, and how it ended. <see cref="Actor"/> is "user:{id}",
/// "device:{id}" or "service"; <see cref="Action"/> a dotted verb ("key.issue", "device.provision");
/// <see cref="Result"/> "ok" or the stable error code of a refusal.
/// </summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Result, string Detail);

public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateTimeOffset? Since = null, int Limit = 100);
