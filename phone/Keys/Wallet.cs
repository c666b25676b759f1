using System.Text.Json;
using ShareKey.HostFiles;

namespace ShareKey.Phone.Keys;

/// <summary>
/// The phone's key store: a folder (0700) with one owner-only JSON file per key, named by key id.
/// A holder secret is what lets a phone use a token, so the files get the care of a private key.
/// </summary>
public sealed class Wallet(string folder)
{
    private const string Extension = ".json";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Stores <paramref name="entry"/>, replacing an older fetch of the same key; returns the file.</summary>
    public string Save(WalletEntry entry)
    {
        var path = PathOf(entry.KeyId);
        OwnerOnlyFile.Write(path, JsonSerializer.Serialize(entry, WalletJson.Options) + "\n");
        return path;
    }

    /// <summary>The stored key, or null when the wallet has none by that id.</summary>
    public WalletEntry? Find(string keyId)
    {
        var path = PathOf(keyId.ToLowerInvariant());
        return File.Exists(path) ? Read(path) : null;
    }

    public IReadOnlyList<WalletEntry> List() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal).Select(Read).ToList()
            : [];

    /// <summary>Records what the phone learned about a stored key; false when the wallet does not hold it.</summary>
    public bool Learn(string keyId, LearnedState learned)
    {
        var entry = Find(keyId);
        if (entry is null)
        {
            return false;
        }

        Save(entry with { Learned = learned });
        return true;
    }

    public string PathOf(string keyId) =>
        keyId.Length == 16 && keyId.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(Folder, keyId + Extension)
            : throw new ArgumentException($"'{keyId}' is not a key id: ids are 16 hex digits.", nameof(keyId));

    /// <summary>Reads one file; a damaged one is an <see cref="InvalidDataException"/> naming it.</summary>
    private static WalletEntry Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<WalletEntry>(File.ReadAllText(path), WalletJson.Options)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException damaged)
        {
            throw new InvalidDataException($"{path} is not a wallet entry ({damaged.Message}); fetch the key again", damaged);
        }
    }
}
