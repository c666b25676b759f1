using ShareKey.Phone.Keys;

namespace ShareKey.Phone.Tests.Support;

/// <summary>A wallet in a fresh folder, removed afterwards.</summary>
public sealed class TempWallet : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sharekey-phone-").FullName;

    public TempWallet()
    {
        Wallet = new Wallet(System.IO.Path.Combine(_root, "wallet"));
    }

    public Wallet Wallet { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
