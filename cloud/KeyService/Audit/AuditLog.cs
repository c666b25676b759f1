using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Audit;

/// <summary>
/// Runs every key and device action in one store session and records it: the "ok" entry commits
/// with the action's own writes; a refusal rolls those back and is recorded on its own, so the log
/// holds refusals too (who tried what, and why it was refused). A session the database undid for
/// colliding with another runs again (<see cref="TransactionRunner"/>).
/// </summary>
public sealed class AuditLog(TransactionRunner transactions, TimeProvider time)
{
    public const string ServiceActor = "service";

    public static string DeviceActor(ulong deviceId) => $"device:{deviceId:x16}";

    /// <summary>Appends an "ok" entry inside the caller's session, committed with it (on PostgreSQL in the commit's round trip).</summary>
    public Task AppendAsync(IStoreSession session, string actor, string action, string target, string detail, CancellationToken cancellationToken) =>
        session.Audit.AppendWithCommitAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, target, "ok", detail), cancellationToken);

    /// <summary><see cref="AppendAsync(IStoreSession, string, string, string, string, CancellationToken)"/> for each entry, at one time; on PostgreSQL one statement for them all.</summary>
    public Task AppendAsync(IStoreSession session, IReadOnlyList<(string Actor, string Action, string Target, string Detail)> entries, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return session.Audit.AppendWithCommitAsync([.. entries.Select(entry => new AuditEntry(0, now, entry.Actor, entry.Action, entry.Target, "ok", entry.Detail))], cancellationToken);
    }

    /// <summary>Refusals, each entry with its error's code and detail, inside the caller's session: for work that refuses part of a batch and commits the rest.</summary>
    public Task AppendRefusalsAsync(IStoreSession session, IReadOnlyList<(string Actor, string Action, string Target, ServiceError Error)> refusals, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return session.Audit.AppendWithCommitAsync([.. refusals.Select(refusal => Refusal(now, refusal.Actor, refusal.Action, refusal.Target, refusal.Error))], cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a new session and commits it. The work records its own "ok"
    /// entry (it knows the detail worth keeping); a <see cref="ServiceError"/> or a store conflict is
    /// recorded here with its code and rethrown as a <see cref="ServiceError"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string actor, string action, string target, Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await transactions.RunAsync(action, work, cancellationToken);
        }
        catch (StoreConflictException conflict)
        {
            var error = new ServiceError(ErrorCode.Conflict, conflict.Message);
            await RecordRefusalAsync(actor, action, target, error);
            throw error;
        }
        catch (ServiceError error)
        {
            await RecordRefusalAsync(actor, action, target, error);
            throw;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(IStoreSession session, AuditQuery query, CancellationToken cancellationToken) =>
        session.Audit.QueryAsync(query, cancellationToken);

    /// <summary>A refusal recorded in a session of its own, after the work refused was rolled back.</summary>
    public async Task RecordRefusalAsync(string actor, string action, string target, ServiceError error)
    {
        // Not the request's token: a client that hung up still leaves its refusal in the log.
        await transactions.RunAsync($"{action} refusal", session =>
            session.Audit.AppendWithCommitAsync(Refusal(time.GetUtcNow(), actor, action, target, error), CancellationToken.None),
            CancellationToken.None);
    }

    private static AuditEntry Refusal(DateTimeOffset at, string actor, string action, string target, ServiceError error) =>
        new(0, at, actor, action, target, error.Code.Wire(), error.Detail);
}
