using ShareKey.Phone.Keys;

namespace ShareKey.Phone.Tests.Support;

/// <summary>A wallet in a fresh folder of a test environment of its own, removed afterwards (also when the test fails).</summary>
public sealed class TempWallet : IAsyncDisposable
{
    private readonly TestEnvironment _environment = new();

    public TempWallet()
    {
        Wallet = new Wallet(System.IO.Path.Combine(_environment.TempFolder("sharekey-phone-"), "wallet"));
    }

    public Wallet Wallet { get; }

    public ValueTask DisposeAsync() => _environment.DisposeAsync();
}
