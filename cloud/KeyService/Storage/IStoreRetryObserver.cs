namespace ShareKey.KeyService.Storage;

/// <summary>Told by <see cref="TransactionRunner"/> of each transaction the database undid (for /metrics), by <see cref="TransientStoreException.Reason"/>.</summary>
public interface IStoreRetryObserver
{
    /// <summary>The work runs again.</summary>
    void Retrying(string reason);

    /// <summary>The work collided on its last allowed run; the caller gets the failure.</summary>
    void GaveUp(string reason);
}
