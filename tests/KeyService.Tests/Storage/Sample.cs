using System.Security.Cryptography;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>Records with every field set to something a mix-up of columns would show.</summary>
internal static class Sample
{
    /// <summary>Millisecond-precise, as the store keeps times.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);

    /// <summary>A random id with the top bit set, which a signed column must carry through.</summary>
    public static ulong Id() => (ulong)Random.Shared.NextInt64() | 1UL << 63;

    public static DateTimeOffset At(double seconds) => Epoch.AddSeconds(seconds);

    public static byte[] Bytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A fresh IMSI: active bindings hold theirs apart, and the store outlives each test.</summary>
    public static string Imsi() => Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static User User(UserRole role = UserRole.User) => new(Id(), Name("user"), role, At(1));

    public static Device Device(DeviceKind kind = DeviceKind.TBox) =>
        new(Id(), kind, Name("device"), DeviceState.Active, Bytes(60), 7, Bytes(60), 100, 12, At(2), At(3), null, Rentable: true);

    public static VirtualKey Key(ulong deviceId, ulong holderId) => new(
        Id(), deviceId, holderId, KeyType.Renter, Permissions.Unlock | Permissions.Lock | Permissions.Start, TokenFlags.None,
        7, 1_700_000_000, 1_800_000_000, 10, 0, KeyState.Active, null, At(4), At(5));

    public static Rental Rental(ulong deviceId, ulong userId, ulong keyId) =>
        new(0, deviceId, userId, keyId, At(10), At(3_600), RentalState.Active, null, null);

    public static RotationRecord Rotation(ulong deviceId, RotationState state = RotationState.Sending) => new(
        0, deviceId, RotationCause.Return, null, 7, Bytes(60), 8, Bytes(60), [Id(), 42], state, null, 0,
        At(20), At(21), null, state == RotationState.GaveUp ? At(600) : null, null);

    public static OutboxMessage Outbox(ulong deviceId, uint messageId) => new(
        0, deviceId, messageId, MessageType.Rotate, Bytes(120), OutboxState.Pending, 0, 5, TimeSpan.FromSeconds(30),
        At(30), At(30), null, null, null, null);
}
