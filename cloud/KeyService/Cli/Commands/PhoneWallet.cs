using System.CommandLine;
using ShareKey.KeyService.Phone;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>The wallet the `phone` commands use: --wallet, else the default folder of <see cref="CliEnvironment.WalletPath"/>.</summary>
public static class PhoneWallet
{
    public static Wallet Of(CliContext context, ParseResult parse) => new(parse.GetValue(context.Wallet) ?? context.Environment.WalletPath);

    /// <summary>The stored key, or a usage failure that says how to get it.</summary>
    public static WalletEntry Entry(Wallet wallet, string keyId)
    {
        try
        {
            return wallet.Find(keyId) ?? throw CliFailure.Usage($"the wallet {wallet.Folder} has no key {keyId}; get it with `sharekey phone fetch {keyId}`");
        }
        catch (ArgumentException invalid)
        {
            throw CliFailure.Usage(invalid.Message);
        }
        catch (InvalidDataException damaged)
        {
            throw CliFailure.Usage(damaged.Message);
        }
    }
}
