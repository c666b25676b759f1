namespace ShareKey.Protocol.Messages
{
    public enum EventKind : byte
    {
        Unlocked = 1,
        Locked = 2,
        Started = 3,
        /// <summary>A Command was refused; <see cref="EventRecord.Detail"/> holds the refusal reason.</summary>
        Refused = 4,
        /// <summary>Too many failures in the window; commands are refused for a while.</summary>
        LockedOut = 5,
        /// <summary>
        /// The parking space's occupancy; <see cref="EventRecord.Value"/> is 1 when a vehicle is present. <see cref="EventRecord.Detail"/>
        /// says why it was logged: 0 it changed, 1 a periodic heartbeat.
        /// </summary>
        Occupancy = 6,
        /// <summary><see cref="EventRecord.Value"/> is the state of charge in percent.</summary>
        StateOfCharge = 7,
        /// <summary>
        /// A RemoteLock was carried out (the part locked or released); <see cref="EventRecord.Detail"/> is the target, <see cref="EventRecord.Value"/>
        /// the action, <see cref="EventRecord.KeyId"/> the RemoteLock's message id (an armed lock logs this when it finally engages).
        /// </summary>
        RemoteLocked = 8,
        /// <summary>A parking barrier did not raise: <see cref="EventRecord.Detail"/> 1 the space was occupied, 2 a vehicle seen while raising, 3 the raised end stop not reached in time.</summary>
        Obstructed = 9,
        /// <summary>A parking barrier's motor is off for a fault: <see cref="EventRecord.Detail"/> 1 a lower did not reach its end stop in time, 2 both end stops pressed.</summary>
        MotorFault = 10,
        /// <summary>A raised parking barrier was forced down (its raised end stop released with the motor off).</summary>
        Tampered = 11,
        /// <summary>The battery fell below the low threshold; <see cref="EventRecord.Value"/> is the state of charge in percent.</summary>
        LowBattery = 12,
        /// <summary>A parking barrier raised by itself: <see cref="EventRecord.Detail"/> 1 the car left, 2 no car arrived after an unlock, 3 completing a motion cut by a power loss.</summary>
        AutoRaised = 13,
        /// <summary>
        /// A RemoteLock lock was accepted but is not safe yet; the T-BOX engages it as soon as it is (then logs <see cref="RemoteLocked"/>).
        /// <see cref="EventRecord.Detail"/> is the target, <see cref="EventRecord.Value"/> what it waits for (<see cref="RemoteLockWait"/>),
        /// <see cref="EventRecord.KeyId"/> the RemoteLock's message id.
        /// </summary>
        RemoteLockArmed = 14,
        /// <summary>
        /// A RemoteLock was refused; <see cref="EventRecord.Detail"/> is the reason (<see cref="RemoteLockRefusal"/>), <see cref="EventRecord.Value"/>
        /// the action, <see cref="EventRecord.KeyId"/> the RemoteLock's message id.
        /// </summary>
        RemoteLockRefused = 15,
        /// <summary>
        /// An authentic command was refused (not-permitted) because the board withholds it now: a remote lock holds the car and a
        /// start was asked. <see cref="EventRecord.KeyId"/> is the key, <see cref="EventRecord.Detail"/> the command.
        /// </summary>
        Withheld = 16,

        /// <summary>
        /// A transfer share was accepted for the first time (R2.6): <see cref="EventRecord.KeyId"/> is
        /// the transfer share; its parent has handed its right over and is refused from now on. Logged
        /// after the command's own event, so the cloud marks the sharer's key transferred.
        /// </summary>
        Transferred = 20,
    }
}
