namespace ShareKey.KeyService.Storage;

/// <summary>
/// The database undid the whole transaction because it collided with another one: a deadlock or a
/// serialization failure (PostgreSQL SQLSTATE 40P01, 40001), or the file stayed locked by another
/// process past the busy timeout (SQLite). Nothing of the session was written, and the same work
/// may well succeed when run again from the start — which <see cref="TransactionRunner"/> does.
/// </summary>
public sealed class TransientStoreException(string reason, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>"deadlock", "serialization" or "busy": short and fixed, for logs and the metric's label.</summary>
    public string Reason => reason;
}
