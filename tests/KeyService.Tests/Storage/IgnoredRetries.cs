using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>For a <see cref="TransactionRunner"/> built in a test that does not count its collisions.</summary>
internal sealed class IgnoredRetries : IStoreRetryObserver
{
    public void Retrying(string reason)
    {
    }

    public void GaveUp(string reason)
    {
    }
}
