using System.Security.Cryptography;
using System.Text;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Secrets;

/// <summary>What a copy of the data directory's database gives away: no API token, no root key, no epoch key in clear.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task The_database_file_holds_no_token_and_no_device_key_in_clear()
    {
        string dataDirectory;
        BoardFile board;
        string operatorToken;
        await using (var service = await TestService.StartAsync())
        {
            dataDirectory = service.Options.DataDirectory;
            operatorToken = service.Operator.DefaultRequestHeaders.Authorization!.Parameter!;
            await using var car = await Fleet.OnlineAsync(service, "car-s1");
            board = await service.ProvisionAsync("car-s2");
            foreach (var file in new[] { "master.key", "sharekey.db", "sharekey.db-wal", "sharekey.db-shm" })
            {
                Assert.Equal((file, UnixFileMode.UserRead | UnixFileMode.UserWrite), (file, File.GetUnixFileMode(Path.Combine(dataDirectory, file))));
            }


            var database = await ReadAllAsync(dataDirectory);
            Assert.Equal(-1, IndexOf(database, Encoding.ASCII.GetBytes(operatorToken)));
            Assert.Equal(-1, IndexOf(database, board.RootKey));
            Assert.Equal(-1, IndexOf(database, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(board.RootKey))));
            Assert.Equal(-1, IndexOf(database, car.EpochKey(1)!));
            Assert.NotEqual(-1, IndexOf(database, ApiTokenFormat.Hash(operatorToken)));
        }
    }

    [Fact]
    public void A_sealed_value_opens_only_under_its_own_purpose_and_unaltered()
    {
        var sealer = new SecretSealer(RandomNumberGenerator.GetBytes(32));
        var secret = RandomNumberGenerator.GetBytes(32);
        var sealedValue = sealer.Seal(secret, SecretSealer.RootPurpose(1));

        Assert.Equal(secret, sealer.Open(sealedValue, SecretSealer.RootPurpose(1)));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(sealedValue, SecretSealer.RootPurpose(2)));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(sealedValue, SecretSealer.EpochPurpose(1, 1)));
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var altered = (byte[])sealedValue.Clone();
            altered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => sealer.Open(altered, SecretSealer.RootPurpose(1)));
        }

        var otherMaster = new SecretSealer(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => otherMaster.Open(sealedValue, SecretSealer.RootPurpose(1)));
    }

    [Fact]
    public void One_sealer_serves_many_threads_at_once()
    {
        var sealer = new SecretSealer(RandomNumberGenerator.GetBytes(32));

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var secret = BitConverter.GetBytes((long)i);
            Assert.Equal(secret, sealer.Open(sealer.Seal(secret, SecretSealer.RootPurpose((ulong)i + 1)), SecretSealer.RootPurpose((ulong)i + 1)));
        });
    }

    [Fact]
    public void A_master_key_file_others_can_read_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("sharekey-master-").FullName;
        try
        {
            var path = Path.Combine(folder, "master.key");
            var (key, created) = MasterKey.LoadOrCreate(path);
            Assert.True(created);
            Assert.Equal(key, MasterKey.LoadOrCreate(path).Key);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var refused = Assert.Throws<InvalidOperationException>(() => MasterKey.LoadOrCreate(path));
            Assert.Contains("chmod 600", refused.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<byte[]> ReadAllAsync(string dataDirectory)
    {
        // The WAL may still hold recent pages: read every file SQLite keeps.
        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(dataDirectory, "sharekey.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            bytes.AddRange(copy.ToArray());
        }

        return [.. bytes];
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
