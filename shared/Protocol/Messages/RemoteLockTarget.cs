namespace ShareKey.Protocol.Messages
{
    /// <summary>The part that holds the vehicle (R3.3).</summary>
    public enum RemoteLockTarget : byte
    {
        Immobiliser = 1,
        ChargerConnector = 2,
        Doors = 3,
    }
}
