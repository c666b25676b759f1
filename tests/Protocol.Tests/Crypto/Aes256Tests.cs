using System.Security.Cryptography;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Protocol.Tests.Crypto;

/// <summary>The portable AES-256 the board uses, against FIPS-197, SP 800-38A and .NET's AES.</summary>
public sealed class Aes256Tests
{
    [Fact]
    public void Encrypts_and_decrypts_the_fips_197_c3_example()
    {
        var aes = new Aes256(Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        var plaintext = Convert.FromHexString("00112233445566778899aabbccddeeff");
        var ciphertext = new byte[16];
        aes.EncryptBlock(plaintext, 0, ciphertext, 0);
        Assert.Equal("8ea2b7ca516745bfeafc49904b496089", Convert.ToHexStringLower(ciphertext));

        var back = new byte[16];
        aes.DecryptBlock(ciphertext, 0, back, 0);
        Assert.Equal(plaintext, back);
    }

    [Fact]
    public void Matches_sp_800_38a_f25_and_f26()
    {
        var key = Convert.FromHexString("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        var iv = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var plaintext = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        const string expected = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";

        var ciphertext = Aes256.CbcEncrypt(key, iv, plaintext, 0, plaintext.Length);
        Assert.Equal(expected, Convert.ToHexStringLower(ciphertext));
        Assert.Equal(plaintext, Aes256.CbcDecrypt(key, iv, ciphertext, 0, ciphertext.Length));
    }

    [Fact]
    public void Agrees_with_dotnet_aes_on_random_inputs()
    {
        var random = new Random(20261121);
        for (var trial = 0; trial < 200; trial++)
        {
            var key = Bytes(random, 32);
            var iv = Bytes(random, 16);
            var data = Bytes(random, 16 * random.Next(1, 5));
            using var reference = Aes.Create();
            reference.Key = key;

            var ours = Aes256.CbcEncrypt(key, iv, data, 0, data.Length);
            Assert.Equal(reference.EncryptCbc(data, iv, PaddingMode.None), ours);
            Assert.Equal(data, Aes256.CbcDecrypt(key, iv, ours, 0, ours.Length));
        }
    }

    [Fact]
    public void Honours_offset_and_count()
    {
        var key = new byte[32];
        var iv = new byte[16];
        var data = new byte[48];
        new Random(7).NextBytes(data);
        var whole = Aes256.CbcEncrypt(key, iv, data[8..40], 0, 32);
        Assert.Equal(whole, Aes256.CbcEncrypt(key, iv, data, 8, 32));
    }

    [Theory]
    [InlineData(16, 16, 16)]
    [InlineData(32, 8, 16)]
    [InlineData(32, 16, 15)]
    public void Refuses_bad_sizes(int keyLength, int ivLength, int count)
    {
        var error = Assert.Throws<ProtocolException>(() => Aes256.CbcEncrypt(new byte[keyLength], new byte[ivLength], new byte[32], 0, count));
        Assert.Equal(ProtocolError.InvalidArgument, error.Error);
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
