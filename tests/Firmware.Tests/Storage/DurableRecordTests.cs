using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.Storage;

public sealed class DurableRecordTests
{
    private readonly MemoryFlash _flash = new(capacity: 256);

    [Fact]
    public void A_fresh_flash_opens_empty()
    {
        DurableRecord record = new(_flash);

        Assert.Null(record.Open());
        Assert.Equal(0u, record.Sequence);
    }

    [Fact]
    public void A_written_record_comes_back_after_a_reboot()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([1, 2, 3, 9, 9], 0, 3);

        DurableRecord reopened = new(_flash);

        Assert.Equal([1, 2, 3], reopened.Open());
        Assert.Equal(1u, reopened.Sequence);
    }

    [Fact]
    public void Writes_alternate_slots_and_count_up()
    {
        DurableRecord record = new(_flash);
        record.Open();

        record.Write([10], 0, 1);
        record.Write([20], 0, 1);
        record.Write([30], 0, 1);

        Assert.Equal(3u, record.Sequence);
        Assert.Equal(30, _flash.Slot(0)[DurableRecord.HeaderLength]);
        Assert.Equal(20, _flash.Slot(1)[DurableRecord.HeaderLength]);
        Assert.Equal([30], new DurableRecord(_flash).Open());
    }

    [Fact]
    public void An_empty_payload_is_a_record()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([], 0, 0);

        Assert.Equal([], new DurableRecord(_flash).Open());
    }

    [Fact]
    public void A_damaged_newest_record_falls_back_to_the_older_one()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([1], 0, 1);
        record.Write([2], 0, 1);
        byte[] newest = _flash.Slot(1);
        newest[DurableRecord.HeaderLength] ^= 0x40;
        _flash.Replace(1, newest);

        DurableRecord reopened = new(_flash);

        Assert.Equal([1], reopened.Open());
        Assert.Equal(1u, reopened.Sequence);
    }

    [Fact]
    public void After_a_fallback_the_next_write_replaces_the_damaged_slot_not_the_good_one()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([1], 0, 1);
        record.Write([2], 0, 1);
        _flash.Replace(1, [0xFF, 0xFF]);

        DurableRecord reopened = new(_flash);
        reopened.Open();
        reopened.Write([3], 0, 1);

        Assert.Equal(1, _flash.Slot(0)[DurableRecord.HeaderLength]);
        Assert.Equal([3], new DurableRecord(_flash).Open());
    }

    [Fact]
    public void Stale_bytes_after_a_shorter_newer_record_are_ignored()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([7], 0, 1);
        record.Write([8, 8, 8, 8, 8, 8, 8, 8], 0, 8);
        _flash.Replace(0, _flash.Slot(0).Concat(Enumerable.Repeat((byte)0x55, 50)).ToArray());

        Assert.Equal([8, 8, 8, 8, 8, 8, 8, 8], new DurableRecord(_flash).Open());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x53, 0x4B, 0x52, 0x31 })]
    [InlineData(new byte[] { 0x53, 0x4B, 0x52, 0x31, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x53, 0x4B, 0x52, 0x31, 0, 0, 0, 1, 0xFF, 0xFF, 0, 0, 0, 0 })]
    public void Foreign_or_short_slot_content_is_not_a_record(byte[] content)
    {
        _flash.Replace(0, content);
        _flash.Replace(1, content);

        Assert.Null(new DurableRecord(_flash).Open());
    }

    [Fact]
    public void The_sequence_comparison_survives_wrapping()
    {
        _flash.Replace(0, RecordBytes(uint.MaxValue, 1));
        _flash.Replace(1, RecordBytes(0, 2));

        DurableRecord record = new(_flash);

        Assert.Equal([2], record.Open());
        Assert.Equal(0u, record.Sequence);
    }

    [Fact]
    public void A_payload_larger_than_a_slot_is_refused_and_changes_nothing()
    {
        DurableRecord record = new(_flash);
        record.Open();
        record.Write([1], 0, 1);

        Assert.Equal(256 - DurableRecord.Overhead, record.MaxPayloadLength);
        Assert.Throws<StorageException>(() => record.Write(new byte[record.MaxPayloadLength + 1], 0, record.MaxPayloadLength + 1));
        Assert.Equal([1], new DurableRecord(_flash).Open());
    }

    [Fact]
    public void A_payload_that_exactly_fills_a_slot_fits()
    {
        DurableRecord record = new(_flash);
        record.Open();
        byte[] full = Enumerable.Range(0, record.MaxPayloadLength).Select(i => (byte)i).ToArray();

        record.Write(full, 0, full.Length);

        Assert.Equal(full, new DurableRecord(_flash).Open());
    }

    [Fact]
    public void Writing_before_opening_is_refused_so_it_cannot_overwrite_the_newest_record()
    {
        DurableRecord record = new(_flash);

        Assert.Throws<StorageException>(() => record.Write([1], 0, 1));
        Assert.Equal(0, _flash.Writes);
    }

    /// <summary>A record as the store lays it out, built independently of it.</summary>
    private static byte[] RecordBytes(uint sequence, byte payload)
    {
        byte[] bytes = [0x53, 0x4B, 0x52, 0x31, (byte)(sequence >> 24), (byte)(sequence >> 16), (byte)(sequence >> 8), (byte)sequence, 0, 1, payload, 0, 0, 0, 0];
        uint crc = Crc32.Of(bytes, 0, 11);
        bytes[11] = (byte)(crc >> 24);
        bytes[12] = (byte)(crc >> 16);
        bytes[13] = (byte)(crc >> 8);
        bytes[14] = (byte)crc;
        return bytes;
    }
}
