using System.Security.Cryptography;
using System.Text;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Client;

namespace ShareKey.KeyService.Tests.Service.Secrets;

/// <summary>
/// The master key is only the root of derivation: stored keys are sealed under one derived key and
/// the service's MQTT password comes from another, so the master key itself is never an AES-GCM key
/// and an HMAC key at once.
/// </summary>
public sealed class MasterKeyDerivationTests
{
    [Fact]
    public void Each_purpose_has_its_own_key_and_none_is_the_master_key()
    {
        var master = RandomNumberGenerator.GetBytes(MasterKey.Length);
        var keys = new MasterKeyDerivation(master);

        Assert.Equal(32, keys.SealingKey.Length);
        Assert.Equal(32, keys.BrokerServiceKey.Length);
        Assert.NotEqual(master, keys.SealingKey);
        Assert.NotEqual(master, keys.BrokerServiceKey);
        Assert.NotEqual(keys.SealingKey, keys.BrokerServiceKey);
        Assert.Equal(keys.SealingKey, new MasterKeyDerivation(master).SealingKey);
        Assert.NotEqual(keys.SealingKey, new MasterKeyDerivation(RandomNumberGenerator.GetBytes(MasterKey.Length)).SealingKey);
    }

    [Fact]
    public void The_derivation_is_pinned_because_every_stored_key_depends_on_it()
    {
        // HKDF-SHA256 (RFC 5869), no salt, info = the label; computed once and pinned: a change here
        // would make every database sealed before it unreadable.
        var keys = new MasterKeyDerivation([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        Assert.Equal(Rfc5869(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), "sharekey/v1/seal"), keys.SealingKey);
        Assert.Equal(Rfc5869(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), "sharekey/v1/mqtt-service-account"), keys.BrokerServiceKey);
    }

    [Fact]
    public async Task The_running_service_seals_under_the_derived_key_and_logs_in_to_its_broker_with_the_derived_password()
    {
        var master = RandomNumberGenerator.GetBytes(MasterKey.Length);
        await using var service = await TestService.StartAsync(configure: options => options.MasterKey = Convert.ToHexString(master));
        var board = await service.ProvisionAsync("car-derive");

        await using (var store = KeyStores.OpenSqlite(Path.Combine(service.Options.DataDirectory, "sharekey.db")))
        await using (var session = await store.BeginAsync(CancellationToken.None))
        {
            var device = await session.Devices.GetAsync(board.DeviceId, forUpdate: false, CancellationToken.None);
            var sealedRoot = device!.RootKeySealed;
            var purpose = SecretSealer.RootPurpose(board.DeviceId);
            Assert.Equal(board.RootKey, new SecretSealer(new MasterKeyDerivation(master).SealingKey).Open(sealedRoot, purpose));
            Assert.ThrowsAny<CryptographicException>(() => new SecretSealer(master).Open(sealedRoot, purpose));
        }

        var derived = DeviceBrokerAccess.ServicePasswordFrom(new MasterKeyDerivation(master).BrokerServiceKey);
        var fromMaster = Convert.ToHexStringLower(HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("sharekey/mqtt-service-account"))[..16]);
        await using (var accepted = new MqttClient(ServiceClient(service, "derived", derived)))
        {
            await accepted.ConnectAsync();
        }

        await using var refused = new MqttClient(ServiceClient(service, "master", fromMaster));
        await Assert.ThrowsAsync<MqttConnectRefusedException>(() => refused.ConnectAsync());
    }

    private static MqttClientOptions ServiceClient(TestService service, string suffix, string password) => new()
    {
        Host = "127.0.0.1",
        Port = service.BrokerPort,
        ClientId = $"{DeviceBrokerAccess.ServiceUser}-probe-{suffix}",
        Username = DeviceBrokerAccess.ServiceUser,
        Password = password,
    };

    /// <summary>RFC 5869 written out (extract with a zero salt, one expand block): an independent check of the library call.</summary>
    private static byte[] Rfc5869(byte[] master, string label)
    {
        var prk = HMACSHA256.HashData(new byte[32], master);
        byte[] info = [.. Encoding.ASCII.GetBytes(label), 0x01];
        return HMACSHA256.HashData(prk, info);
    }
}
