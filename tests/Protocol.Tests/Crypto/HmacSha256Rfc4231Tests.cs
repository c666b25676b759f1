using System.Text;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Protocol.Tests.Crypto;

/// <summary>RFC 4231 §4 test cases for HMAC-SHA256 through the protocol's crypto seam.</summary>
public sealed class HmacSha256Rfc4231Tests
{
    private static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();

    public static TheoryData<string, string, string> Cases() => new()
    {
        // Test case 1
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Hex("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        // Test case 2: key shorter than the output
        { Hex("Jefe"), Hex("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        // Test case 3
        { Repeat("aa", 20), Repeat("dd", 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
        // Test case 4
        { "0102030405060708090a0b0c0d0e0f10111213141516171819", Repeat("cd", 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
        // Test case 6: key larger than the block size
        { Repeat("aa", 131), Hex("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        // Test case 7: key and data larger than the block size
        {
            Repeat("aa", 131),
            Hex("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_rfc4231(string key, string data, string expected)
    {
        var bytes = Convert.FromHexString(data);
        var mac = Crypto.HmacSha256(Convert.FromHexString(key), bytes, 0, bytes.Length);
        Assert.Equal(expected, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Test_case_5_truncated_to_128_bits_is_the_first_16_bytes()
    {
        var data = Encoding.ASCII.GetBytes("Test With Truncation");
        var mac = Crypto.HmacSha256(Convert.FromHexString(Repeat("0c", 20)), data, 0, data.Length);
        Assert.Equal("a3b6167473100ee06e0c796c2955552b", Convert.ToHexStringLower(mac, 0, 16));
    }

    [Fact]
    public void Honours_offset_and_count()
    {
        var padded = Encoding.ASCII.GetBytes("xxHi Therexx");
        var mac = Crypto.HmacSha256(Convert.FromHexString(Repeat("0b", 20)), padded, 2, 8);
        Assert.Equal("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", Convert.ToHexStringLower(mac));
    }

    private static string Hex(string ascii) => Convert.ToHexStringLower(Encoding.ASCII.GetBytes(ascii));

    private static string Repeat(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));
}
