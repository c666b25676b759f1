using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Users;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Api;

// What the API returns: records of plain values, ids as 16 hex digits, times as ISO 8601.
// Secrets appear only where a response must carry them (a new token, a holder secret, a board file).

public sealed record UserDto(string Id, string Name, UserRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    public static UserDto Of(User user) => new(Hex.OfId(user.Id), user.Name, user.Role, user.CreatedAt, user.DisabledAt);
}

public sealed record DeviceDto(string Id, DeviceKind Kind, string Name, DeviceState State, uint Epoch, uint BulletinSequence, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? DecommissionedAt)
{
    public static DeviceDto Of(Device d) => new(Hex.OfId(d.Id), d.Kind, d.Name, d.State, d.Epoch, d.BulletinSequence, d.CreatedAt, d.LastSeenAt, d.DecommissionedAt);
}

public sealed record BindingDto(string Vin, string Imsi, string DeviceId, DateTimeOffset BoundAt, DateTimeOffset? EndedAt, string? EndReason)
{
    public static BindingDto Of(Binding b) => new(b.Vin, b.Imsi, Hex.OfId(b.DeviceId), b.BoundAt, b.EndedAt, b.EndReason);
}

public sealed record KeyReportDto(uint ActiveEpoch, uint BackupEpoch, uint BulletinSequence, uint DeviceTime, DateTimeOffset ReceivedAt)
{
    public static KeyReportDto? Of(DeviceKeyReport? r) => r is null ? null : new(r.ActiveEpoch, r.BackupEpoch, r.BulletinSequence, r.DeviceTime, r.ReceivedAt);
}

public sealed record KeyDto(
    string Id, string DeviceId, string HolderId, KeyType Type, string Permissions, KeyState State, uint Epoch,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, ushort MaxUses, string? ParentKeyId, long? RentalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static KeyDto Of(VirtualKey k) => new(
        Hex.OfId(k.Id), Hex.OfId(k.DeviceId), Hex.OfId(k.HolderId), k.Type, Names.Of(k.Permissions), k.State, k.Epoch,
        DateTimeOffset.FromUnixTimeSeconds(k.NotBefore), DateTimeOffset.FromUnixTimeSeconds(k.NotAfter), k.MaxUses,
        k.ParentKeyId == 0 ? null : Hex.OfId(k.ParentKeyId), k.RentalId, k.CreatedAt, k.UpdatedAt);
}

/// <summary>A key as its holder's phone needs it: the token, the holder secret, and what to carry to an offline device.</summary>
public sealed record HeldKeyDto(KeyDto Key, string? Token, string? HolderSecret, string? Bulletin, string? SignedTime)
{
    public static HeldKeyDto Of(VirtualKey key, MintedKey? minted, BulletinMessage? bulletin = null, TimeSyncMessage? signedTime = null) => new(
        KeyDto.Of(key),
        minted is null ? null : Hex.Of(TokenCodec.Encode(minted.Token)),
        minted is null ? null : Hex.Of(minted.HolderSecret),
        bulletin is null ? null : Hex.Of(Body(writer => BulletinCodec.WriteBulletin(writer, bulletin))),
        signedTime is null ? null : Hex.Of(Body(writer => BulletinCodec.WriteTimeSync(writer, signedTime))));

    /// <summary>An attachment body as it travels inside a Command (docs/protocol.md §4.2).</summary>
    private static byte[] Body(Action<ByteWriter> write)
    {
        var writer = new ByteWriter(512);
        write(writer);
        return writer.ToArray();
    }
}

public sealed record RentalDto(long Id, string DeviceId, string UserId, string KeyId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, RentalState State, DateTimeOffset? ReturnedAt, long? RotationId)
{
    public static RentalDto Of(Rental r) => new(r.Id, Hex.OfId(r.DeviceId), Hex.OfId(r.UserId), Hex.OfId(r.KeyId), r.StartsAt, r.EndsAt, r.State, r.ReturnedAt, r.RotationId);
}

public sealed record RotationDto(
    long Id, string DeviceId, RotationCause Cause, long? RentalId, uint FromEpoch, uint ToEpoch, string[] RevokedKeyIds, RotationState State,
    bool BackupHeld, int Redrives, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? RedriveAt, string? LastError)
{
    public static RotationDto Of(RotationRecord r) => new(
        r.Id, Hex.OfId(r.DeviceId), r.Cause, r.RentalId, r.FromEpoch, r.ToEpoch, r.RevokedKeyIds.Select(Hex.OfId).ToArray(), r.State,
        r.BackupKeySealed is not null, r.Redrives, r.CreatedAt, r.UpdatedAt, r.ConfirmedAt, r.RedriveAt, r.LastError);
}

public sealed record OutboxDto(long Id, string DeviceId, uint MessageId, string Type, OutboxState State, int Attempts, int MaxAttempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? AckedAt, string? AckStatus)
{
    public static OutboxDto Of(OutboxMessage m) => new(
        m.Id, Hex.OfId(m.DeviceId), m.MessageId, Names.Of(m.Type), m.State, m.Attempts, m.MaxAttempts, m.NextAttemptAt, m.CreatedAt, m.AckedAt,
        m.AckStatus is { } status ? Names.Of(status) : null);
}

public sealed record AuditDto(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Result, string Detail)
{
    public static AuditDto Of(AuditEntry e) => new(e.Id, e.At, e.Actor, e.Action, e.Target, e.Result, e.Detail);
}

public sealed record EventDto(DateTimeOffset ReceivedAt, string Kind, DateTimeOffset DeviceTime, string? KeyId, byte Detail, short Value)
{
    public static EventDto Of(DeviceEvent e) => new(e.ReceivedAt, Names.Of(e.Kind), DateTimeOffset.FromUnixTimeSeconds(e.DeviceTime), e.KeyId == 0 ? null : Hex.OfId(e.KeyId), e.Detail, e.Value);
}
