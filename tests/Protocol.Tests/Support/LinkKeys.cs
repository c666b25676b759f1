using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>The sample device's link keys, picked by a message's direction as sender and receiver pick them.</summary>
public static class LinkKeys
{
    public static readonly DeviceSecrets Secrets = new(new Macs(Samples.Crypto), Samples.RootKey);

    public static bool IsLinked(MessageType type) => Frame.IsLinkType((byte)type);

    /// <summary>0x1_ types go down (cloud to device) under K_link-down; 0x2_ go up under K_link-up.</summary>
    public static byte[] For(MessageType type) => (byte)type < 0x20 ? Secrets.LinkDownKey : Secrets.LinkUpKey;
}
