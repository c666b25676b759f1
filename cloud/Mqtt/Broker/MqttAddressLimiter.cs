using System.Net;
using System.Net.Sockets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Counts the sockets per client address that have not been accepted by CONNECT yet, so that one address cannot
/// fill the broker with idle unauthenticated sockets. An IPv6 client is counted by its /64 prefix (one subscriber
/// usually holds a whole /64); an IPv4-mapped address counts as its IPv4 address.
/// </summary>
internal sealed class MqttAddressLimiter(int limit)
{
    private readonly Dictionary<IPAddress, Entry> _entries = [];

    public int Limit => limit;

    /// <summary>Takes a slot for <paramref name="address"/>; null when it already holds <see cref="Limit"/>.
    /// <paramref name="firstRefusal"/> is true for the first refusal since the address last went under the limit,
    /// so a flood is logged once, not once per socket.</summary>
    public MqttAddressSlot? TryEnter(IPAddress address, out bool firstRefusal)
    {
        var key = KeyOf(address);
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            if (entry.Count >= limit)
            {
                firstRefusal = !entry.RefusalLogged;
                entry.RefusalLogged = true;
                return null;
            }
            entry.Count++;
            firstRefusal = false;
            return new MqttAddressSlot(this, key);
        }
    }

    internal void Leave(IPAddress key)
    {
        lock (_entries)
        {
            var entry = _entries[key];
            entry.Count--;
            entry.RefusalLogged = false;
            if (entry.Count == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    private static IPAddress KeyOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private sealed class Entry
    {
        public int Count;
        public bool RefusalLogged;
    }
}

/// <summary>One unauthenticated socket's place in <see cref="MqttAddressLimiter"/>; released once, whichever of
/// "CONNECT accepted" and "connection closed" comes first.</summary>
internal sealed class MqttAddressSlot(MqttAddressLimiter limiter, IPAddress key)
{
    private int _released;

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            limiter.Leave(key);
        }
    }
}
