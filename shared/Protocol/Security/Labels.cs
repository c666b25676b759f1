namespace ShareKey.Protocol.Security
{
    /// <summary>
    /// Domain-separation labels. Every HMAC input starts with exactly one of these followed by a
    /// zero byte, so no MAC computed for one purpose is ever valid for another. "sk1" is the
    /// protocol generation: a future incompatible design changes it and nothing old verifies.
    /// </summary>
    public static class Labels
    {
        // Sub-keys of the device root key R: K = HMAC(R, label‖0).
        public const string WrapEncryptionKey = "sk1/key/wrap-enc";
        public const string WrapMacKey = "sk1/key/wrap-mac";
        public const string LinkDownKey = "sk1/key/link-down";
        public const string LinkUpKey = "sk1/key/link-up";
        public const string BulletinKey = "sk1/key/bulletin";
        public const string TimeKey = "sk1/key/time";
        public const string MqttPasswordKey = "sk1/key/mqtt-password";

        // MAC inputs.
        public const string Token = "sk1/token";
        public const string Holder = "sk1/holder";
        public const string Command = "sk1/cmd";
        public const string Result = "sk1/result";
        public const string Wrap = "sk1/wrap";
        public const string AckProof = "sk1/ack";
        public const string Bulletin = "sk1/bulletin";
        public const string Time = "sk1/time";
        public const string Link = "sk1/link";
    }
}
