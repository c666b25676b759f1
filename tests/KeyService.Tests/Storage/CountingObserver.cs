using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>The collisions a <see cref="TransactionRunner"/> built in a test ran again or gave up on, by reason.</summary>
internal sealed class CountingObserver : IStoreRetryObserver
{
    public List<string> Retried { get; } = [];

    public List<string> GaveUp { get; } = [];

    void IStoreRetryObserver.Retrying(string reason) => Retried.Add(reason);

    void IStoreRetryObserver.GaveUp(string reason) => GaveUp.Add(reason);
}
