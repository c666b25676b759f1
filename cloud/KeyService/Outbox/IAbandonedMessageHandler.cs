using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// What a feature does when the outbox gives up on one of its messages (every allowed send went
/// unanswered): a Rotate's rotation gives up and is re-driven later (R0.4). The outbox knows only
/// that a message was abandoned; each handler decides whether the message is its own. Called in
/// the session that marked the message abandoned, with the message's device locked first.
/// </summary>
public interface IAbandonedMessageHandler
{
    Task OnAbandonedAsync(IStoreSession session, OutboxMessage abandoned, CancellationToken cancellationToken);
}
