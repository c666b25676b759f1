using System.Text.Json.Serialization;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// What a notification is about. The wire name ("device.unlocked") is what the feed, the stream and
/// webhooks carry and what a webhook subscribes to; it is stored as that text, so members may be added.
/// Types without a producer yet are defined so receivers can subscribe to them today.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationType>))]
public enum NotificationType
{
    /// <summary>To the device's managers: a key opened it (with the key and its holder).</summary>
    [JsonStringEnumMemberName("device.unlocked")]
    DeviceUnlocked,

    [JsonStringEnumMemberName("device.locked")]
    DeviceLocked,

    [JsonStringEnumMemberName("device.started")]
    DeviceStarted,

    /// <summary>To the device's managers: it refused a command (the reason is in the data).</summary>
    [JsonStringEnumMemberName("device.refused")]
    DeviceRefused,

    /// <summary>To the device's managers: too many failures; the device refuses commands for a while.</summary>
    [JsonStringEnumMemberName("device.locked-out")]
    DeviceLockedOut,

    /// <summary>To the device's managers (R2.9).</summary>
    [JsonStringEnumMemberName("device.occupancy-changed")]
    OccupancyChanged,

    /// <summary>To the device's managers: a raised parking barrier was forced down.</summary>
    [JsonStringEnumMemberName("device.tamper")]
    DeviceTamper,

    /// <summary>To the device's managers: a parking barrier's motor stopped for a fault.</summary>
    [JsonStringEnumMemberName("device.motor-fault")]
    MotorFault,

    /// <summary>To the device's managers: its battery fell below the low threshold.</summary>
    [JsonStringEnumMemberName("device.low-battery")]
    LowBattery,

    /// <summary>To the device's managers: a parking barrier could not raise (the reason is in the data).</summary>
    [JsonStringEnumMemberName("device.obstructed")]
    DeviceObstructed,

    /// <summary>To the vehicle's owners (R3.2): the car reported its state of charge.</summary>
    [JsonStringEnumMemberName("vehicle.state-of-charge")]
    StateOfCharge,

    /// <summary>To the vehicle's owners (R3.3): what came of a remote lock.</summary>
    [JsonStringEnumMemberName("vehicle.remote-lock-outcome")]
    RemoteLockOutcome,

    /// <summary>To the holder: a key was issued to them.</summary>
    [JsonStringEnumMemberName("key.issued")]
    KeyIssued,

    /// <summary>To the holder: a key was shared to them.</summary>
    [JsonStringEnumMemberName("key.shared")]
    KeyShared,

    [JsonStringEnumMemberName("key.frozen")]
    KeyFrozen,

    [JsonStringEnumMemberName("key.unfrozen")]
    KeyUnfrozen,

    [JsonStringEnumMemberName("key.revoked")]
    KeyRevoked,

    /// <summary>To the holder a key was shared from: its recipient gave the share up.</summary>
    [JsonStringEnumMemberName("key.given-up")]
    KeyGivenUp,

    /// <summary>
    /// To the holder of a key shared by transfer and to the device's managers: the device reported the
    /// transfer share's first use, so the sharer's key is refused for good (R2.6).
    /// </summary>
    [JsonStringEnumMemberName("key.transferred")]
    KeyTransferred,

    /// <summary>To the holder: the key's validity changed.</summary>
    [JsonStringEnumMemberName("key.validity-changed")]
    KeyValidityChanged,

    /// <summary>To the renter: a reservation was released because the lock saw nobody park by its no-show time (the reason is in the data).</summary>
    [JsonStringEnumMemberName("reservation.released")]
    ReservationReleased,

    /// <summary>To operators: a rotation's sends ran out unanswered (R0.4).</summary>
    [JsonStringEnumMemberName("rotation.gave-up")]
    RotationGaveUp,

    /// <summary>To operators: a device has not been heard from for longer than its heartbeat allows.</summary>
    [JsonStringEnumMemberName("device.silent")]
    DeviceSilent,
}

public static class NotificationTypes
{
    private static readonly Dictionary<NotificationType, string> Wires = Enum.GetValues<NotificationType>().ToDictionary(
        type => type,
        type => typeof(NotificationType).GetField(type.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

    private static readonly Dictionary<string, NotificationType> ByWire = Wires.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> AllWireNames => ByWire.Keys;

    public static string Wire(this NotificationType type) => Wires[type];

    public static bool TryParse(string wire, out NotificationType type) => ByWire.TryGetValue(wire, out type);
}
