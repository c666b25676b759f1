namespace ShareKey.Protocol.Messages
{
    public enum RemoteLockAction : byte
    {
        Lock = 1,
        Release = 2,
    }
}
