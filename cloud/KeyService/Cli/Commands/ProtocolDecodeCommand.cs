using System.CommandLine;
using ShareKey.Protocol;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey protocol decode HEX [--root-key HEX]`: prints one frame as a readable message. MQTT
/// frames need the device's root key, because their link MAC is checked before anything is read.
/// </summary>
public static class ProtocolDecodeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var frame = new Argument<string>("frame") { Description = "The frame as hex (spaces allowed)." };
        var rootKey = new Option<string?>("--root-key") { Description = "The device root key as hex; needed for MQTT frames." };
        var command = new Command("decode", "Decode one protocol frame.") { frame, rootKey };
        command.SetAction(parse => Run(parse.GetValue(frame)!, parse.GetValue(rootKey), output, error));
        return command;
    }

    private static int Run(string frameHex, string? rootKeyHex, TextWriter output, TextWriter error)
    {
        if (!TryParseHex(frameHex, out var bytes) || bytes.Length < Frame.HeaderLength)
        {
            error.WriteLine("error: the frame must be hex of at least " + Frame.HeaderLength + " bytes");
            return ExitCodes.Usage;
        }

        var macs = new Macs(new DotNetCryptoProvider());
        var decoder = new MessageDecoder(macs);
        try
        {
            if (!Frame.IsLinkType(bytes[1]))
            {
                output.WriteLine(decoder.Decode(bytes, 0, bytes.Length));
                return ExitCodes.Success;
            }

            if (rootKeyHex is null || !TryParseHex(rootKeyHex, out var rootKey) || rootKey.Length != DeviceSecrets.RootKeyLength)
            {
                error.WriteLine("error: " + Names.Of((MessageType)bytes[1]) + " is an MQTT frame; give the device's 32-byte root key with --root-key");
                return ExitCodes.Usage;
            }

            var secrets = new DeviceSecrets(macs, rootKey);
            var linkKey = bytes[1] < 0x20 ? secrets.LinkDownKey : secrets.LinkUpKey;
            output.WriteLine(decoder.Decode(bytes, 0, bytes.Length, linkKey));
            return ExitCodes.Success;
        }
        catch (ProtocolException refused)
        {
            error.WriteLine("refused (" + refused.Error + "): " + refused.Message);
            return ExitCodes.Usage;
        }
    }

    private static bool TryParseHex(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
