namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// The type byte of a frame. The high nibble names the channel: 0x0_ BLE (phone and device),
    /// 0x1_ MQTT down (cloud to device), 0x2_ MQTT up (device to cloud). MQTT frames carry a link MAC.
    /// </summary>
    public enum MessageType : byte
    {
        Challenge = 0x01,
        Command = 0x02,
        Result = 0x03,

        Rotate = 0x10,
        Commit = 0x11,
        Bulletin = 0x12,
        TimeSync = 0x13,
        RemoteLock = 0x14,
        BindResult = 0x15,
        EventReceipt = 0x16,
        ReportRequest = 0x17,

        Ack = 0x20,
        KeyReport = 0x21,
        Event = 0x22,
        BindRequest = 0x23,
        VehicleReport = 0x24,
    }
}
