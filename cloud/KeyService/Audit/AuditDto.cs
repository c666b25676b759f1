
namespace ShareKey.KeyService.Audit;

public sealed record AuditDto(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Result, string Detail)
{
    public static AuditDto Of(AuditEntry e) => new(e.Id, e.At, e.Actor, e.Action, e.Target, e.Result, e.Detail);
}
