using System.Buffers.Binary;
using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// How record fields become columns. Ids are random u64s, so they go into signed BIGINT columns bit
/// for bit (ordering by them means nothing); times are UTC unix milliseconds, so a time read back
/// equals the one written to the millisecond.
/// </summary>
internal static class SqlValues
{
    public static long Id(ulong id) => unchecked((long)id);

    public static long? Id(ulong? id) => id is { } value ? Id(value) : null;

    public static long Time(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Time(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static long Duration(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Revoked key ids as one blob of 8-byte big-endian ids.</summary>
    public static byte[] PackIds(ulong[] ids)
    {
        var blob = new byte[ids.Length * 8];
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(blob.AsSpan(i * 8), ids[i]);
        }

        return blob;
    }

    public static ulong[] UnpackIds(byte[] blob)
    {
        var ids = new ulong[blob.Length / 8];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan(i * 8));
        }

        return ids;
    }

    public static ulong GetId(this DbDataReader reader, int ordinal) => unchecked((ulong)reader.GetInt64(ordinal));

    public static uint GetUInt32(this DbDataReader reader, int ordinal) => checked((uint)reader.GetInt64(ordinal));

    public static int GetInt(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static TimeSpan GetDuration(this DbDataReader reader, int ordinal) =>
        TimeSpan.FromTicks(reader.GetInt64(ordinal) * TimeSpan.TicksPerMillisecond);

    public static byte[] GetBlob(this DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    public static byte[]? GetBlobOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetBlob(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
