namespace ShareKey.KeyService.RemoteLock;

/// <summary>R3: what cars report of themselves, their owners' thresholds, low-charge prompts and remote lock requests.</summary>
public interface IRemoteLockTable
{
    /// <summary>Keeps the newest report per car: these, one per car, the statements sent together.</summary>
    Task SaveStatesAsync(IReadOnlyList<VehicleState> states, CancellationToken cancellationToken);

    Task<VehicleState?> StateAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>The owner's low-charge threshold in percent; null when none is set.</summary>
    Task<int?> ThresholdAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary><see cref="ThresholdAsync"/> of each car, in one statement: only those with one set.</summary>
    Task<IReadOnlyDictionary<ulong, int>> ThresholdsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);

    /// <summary>Sets (or, with null, removes) the threshold.</summary>
    Task SetThresholdAsync(ulong deviceId, int? percent, ulong setBy, DateTimeOffset at, CancellationToken cancellationToken);

    Task<long> InsertPromptAsync(ChargePrompt prompt, CancellationToken cancellationToken);

    Task<ChargePrompt?> GetPromptAsync(long id, CancellationToken cancellationToken);

    /// <summary>The car's open prompt (at most one).</summary>
    Task<ChargePrompt?> OpenPromptAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Closes the prompt if it is still open; false when it was not.</summary>
    Task<bool> ClosePromptAsync(long id, DateTimeOffset at, string reason, long? requestId, CancellationToken cancellationToken);

    Task<long> InsertRequestAsync(RemoteLockRequest request, CancellationToken cancellationToken);

    Task<RemoteLockRequest?> GetRequestAsync(long id, CancellationToken cancellationToken);

    /// <summary>The request a RemoteLock with this message id was sent for.</summary>
    Task<RemoteLockRequest?> FindRequestAsync(ulong deviceId, uint messageId, CancellationToken cancellationToken);

    Task UpdateRequestAsync(RemoteLockRequest request, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RemoteLockRequest>> RequestsAsync(ulong deviceId, int limit, CancellationToken cancellationToken);

    /// <summary>Requests the car has not acked yet (state Sent), oldest first.</summary>
    Task<IReadOnlyList<RemoteLockRequest>> UnansweredAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary><see cref="UnansweredAsync(ulong, CancellationToken)"/> of all these cars, in one statement, oldest first.</summary>
    Task<IReadOnlyList<RemoteLockRequest>> UnansweredAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);
}
