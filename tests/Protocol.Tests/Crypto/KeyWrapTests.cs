using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;

namespace ShareKey.Protocol.Tests.Crypto;

/// <summary>Epoch-key wrapping for Rotate: encrypt-then-MAC, bound to device and epoch.</summary>
public sealed class KeyWrapTests
{
    private readonly Macs _macs = new(Samples.Crypto);
    private readonly DeviceSecrets _secrets;
    private readonly byte[] _iv = Samples.Sequence(0xC0, 16);

    public KeyWrapTests()
    {
        _secrets = new DeviceSecrets(_macs, Samples.RootKey);
    }

    [Fact]
    public void Unwrap_returns_the_wrapped_key()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, 8, Samples.EpochKey, _iv);
        Assert.Equal(Samples.EpochKey, KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, 8, wrapped));
        Assert.NotEqual(Samples.EpochKey, wrapped.Ciphertext);
    }

    [Fact]
    public void A_wrap_replayed_as_another_epoch_is_refused()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, 8, Samples.EpochKey, _iv);
        var error = Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, 9, wrapped));
        Assert.Equal(ProtocolError.BadMac, error.Error);
    }

    [Fact]
    public void A_wrap_for_another_device_is_refused()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, 8, Samples.EpochKey, _iv);
        var other = new DeviceSecrets(_macs, Samples.Sequence(0x55, 32));
        Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, other, Samples.DeviceId, 8, wrapped));
    }

    [Fact]
    public void A_flipped_ciphertext_bit_is_caught_before_decryption()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, 8, Samples.EpochKey, _iv);
        wrapped.Ciphertext[5] ^= 0x01;
        Assert.Equal(ProtocolError.BadMac, Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, 8, wrapped)).Error);
    }

    [Fact]
    public void Sub_keys_are_distinct_per_label()
    {
        var keys = new[]
        {
            _secrets.WrapEncryptionKey, _secrets.WrapMacKey, _secrets.LinkDownKey, _secrets.LinkUpKey,
            _secrets.BulletinKey, _secrets.TimeKey, _secrets.MqttPasswordKey,
        };
        Assert.Equal(keys.Length, keys.Select(Convert.ToHexString).Distinct().Count());
        Assert.Equal(32, _secrets.MqttPassword.Length);
    }

    [Fact]
    public void Rejects_a_root_key_of_the_wrong_size() =>
        Assert.Equal(ProtocolError.InvalidArgument, Assert.Throws<ProtocolException>(() => new DeviceSecrets(_macs, new byte[16])).Error);
}
