using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Devices;

/// <summary>The newest KeyReport a device sent (R1.4): its own view, compared with the cloud's.</summary>
public sealed record DeviceKeyReport(
    ulong DeviceId,
    uint ActiveEpoch,
    uint BackupEpoch,
    uint BulletinSequence,
    uint DeviceTime,
    IReadOnlyList<KeyUseCount> Uses,
    DateTimeOffset ReceivedAt);

public sealed record KeyUseCount(ulong KeyId, ushort Uses);

/// <summary>One event record a device reported (docs/protocol.md §4.12).</summary>
public sealed record DeviceEvent(
    long Id,
    ulong DeviceId,
    EventKind Kind,
    uint DeviceTime,
    ulong KeyId,
    byte Detail,
    short Value,
    DateTimeOffset ReceivedAt);
