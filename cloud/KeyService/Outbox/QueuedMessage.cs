using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

/// <summary>A down message for <see cref="OutboxWriter.EnqueueAsync(IStoreSession, IReadOnlyList{QueuedMessage}, CancellationToken)"/>; its message id is set there.</summary>
public sealed record QueuedMessage(Device Device, Message Message, long? RotationId);
