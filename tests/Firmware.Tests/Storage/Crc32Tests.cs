using System.Text;
using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.Tests.Storage;

public sealed class Crc32Tests
{
    [Fact]
    public void Check_value_of_the_standard_test_string_is_CBF43926()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0xCBF43926u, Crc32.Of(data, 0, data.Length));
    }

    [Fact]
    public void Empty_input_gives_zero()
    {
        Assert.Equal(0u, Crc32.Of([], 0, 0));
    }

    [Fact]
    public void Only_the_given_range_counts()
    {
        byte[] padded = Encoding.ASCII.GetBytes("xx123456789yyy");

        Assert.Equal(0xCBF43926u, Crc32.Of(padded, 2, 9));
    }

    [Fact]
    public void A_single_flipped_bit_changes_the_value()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        uint original = Crc32.Of(data, 0, data.Length);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32.Of(data, 0, data.Length));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
