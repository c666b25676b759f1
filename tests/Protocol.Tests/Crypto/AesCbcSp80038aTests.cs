using ShareKey.Protocol.Crypto;

namespace ShareKey.Protocol.Tests.Crypto;

/// <summary>NIST SP 800-38A F.2.5 and F.2.6 (CBC-AES256) through the protocol's crypto seam.</summary>
public sealed class AesCbcSp80038aTests
{
    private const string Key = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    private const string Iv = "000102030405060708090a0b0c0d0e0f";
    private const string Plaintext =
        "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710";
    private const string Ciphertext =
        "f58c4c04d6e5f1ba779eabfb5f7bfbd6" + "9cfc4e967edb808d679f777bc6702c7d" +
        "39f23369a9d9bacfa530e26304231461" + "b2eb05e2c39be9fcda6c19078c6a9d1b";

    private static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();

    [Fact]
    public void Encrypts_f_2_5()
    {
        var plaintext = Convert.FromHexString(Plaintext);
        var ciphertext = Crypto.AesCbcEncrypt(Convert.FromHexString(Key), Convert.FromHexString(Iv), plaintext, 0, plaintext.Length);
        Assert.Equal(Ciphertext, Convert.ToHexStringLower(ciphertext));
    }

    [Fact]
    public void Decrypts_f_2_6()
    {
        var ciphertext = Convert.FromHexString(Ciphertext);
        var plaintext = Crypto.AesCbcDecrypt(Convert.FromHexString(Key), Convert.FromHexString(Iv), ciphertext, 0, ciphertext.Length);
        Assert.Equal(Plaintext, Convert.ToHexStringLower(plaintext));
    }

    [Fact]
    public void Refuses_a_key_that_is_not_256_bits()
    {
        var data = new byte[16];
        var error = Assert.Throws<ProtocolException>(() => Crypto.AesCbcEncrypt(new byte[16], new byte[16], data, 0, 16));
        Assert.Equal(ProtocolError.InvalidArgument, error.Error);
    }

    [Fact]
    public void Random_bytes_fill_only_the_requested_range()
    {
        var buffer = new byte[64];
        Crypto.FillRandom(buffer, 16, 32);
        Assert.All(buffer[..16], b => Assert.Equal(0, b));
        Assert.All(buffer[48..], b => Assert.Equal(0, b));
        Assert.Contains(buffer[16..48], b => b != 0);
    }
}
