using System.Security.Cryptography;
using ShareKey.KeyService.Problems;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Api;

/// <summary>Device, key and user ids: random u64, never 0, written as 16 lower-case hex digits (docs/protocol.md §1).</summary>
public static class Ids
{
    public static ulong NewId()
    {
        while (true)
        {
            var id = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            if (id != 0)
            {
                return id;
            }
        }
    }

    public static string Format(ulong id) => Hex.OfId(id);

    /// <summary>Parses an id from a route or body; a malformed one is the caller's error.</summary>
    public static ulong Parse(string text, string what)
    {
        if (text.Length == 16 && Hex.TryParseId(text.ToLowerInvariant(), out var id) && id != 0)
        {
            return id;
        }

        throw new ServiceError(ErrorCode.InvalidRequest, $"'{text}' is not a {what} id: ids are 16 hex digits, not all zero.");
    }
}
