namespace ShareKey.KeyService.Gateway;

/// <summary>A frame for a device's down topic, encoded and MAC'd, to publish once the session that produced it has committed.</summary>
public readonly record struct DownFrame(ulong DeviceId, byte[] Frame);
