using System.CommandLine;
using ShareKey.Phone.Commands;
using ShareKey.Phone.Keys;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>What the `phone` commands share in the CLI: the wallet (--wallet, else <see cref="CliEnvironment.WalletPath"/>) and the phone's failures as CLI failures.</summary>
public static class PhoneWallet
{
    public static Wallet Of(CliContext context, ParseResult parse) => new(parse.GetValue(context.Wallet) ?? context.Environment.WalletPath);

    /// <summary>Runs phone logic; a <see cref="PhoneFailure"/> becomes the CLI's usage (1) or runtime (2) failure.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (PhoneFailure failure)
        {
            throw failure.IsUsage ? CliFailure.Usage(failure.Message) : CliFailure.Runtime(failure.Message);
        }
    }
}
