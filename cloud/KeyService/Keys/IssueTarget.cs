using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// What issuing a key checks, read together by <see cref="IKeyTable.ReadIssueTargetAsync"/>: the
/// user the key is for; the vehicle's device (a car's through its VIN's active binding, or the one
/// named by id); the device an active binding puts in a car (for a VIN, the one it names; for a
/// device id, that device when it has one), and how many of the device's keys a bulletin may have
/// to list (<see cref="BulletinIssuer.IsLive"/>). Null where no row was found.
/// </summary>
public sealed record IssueTarget(User? User, Device? Device, ulong? BoundDeviceId, int LiveKeys);
