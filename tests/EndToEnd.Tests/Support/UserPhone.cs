using ShareKey.Simulator.Devices;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>
/// A user's phone: their API token (only `phone fetch` and the user's own `sharekey` commands use
/// the network) and a wallet folder of its own. At the car it talks to the simulated T-BOX's BLE
/// bridge only, as a phone in a garage does.
/// </summary>
public sealed class UserPhone(string url, string userName, string userId, string token, string wallet)
{
    private const string BusyError = "another phone is connected to the device; try again shortly";

    public string UserName { get; } = userName;

    /// <summary>The user's id (16 hex digits): what a user who is not an operator names another user by.</summary>
    public string UserId { get; } = userId;

    /// <summary>`sharekey ARGS` as this user, with their own token (`key share`, `key freeze`, …).</summary>
    public Task<CliResult> AsUserAsync(params string[] args) => Cli.RunAsync([.. args, "--url", url, "--token", token]);

    /// <summary>`sharekey ARGS --json` as this user, which must succeed, read into the API's DTO <typeparamref name="T"/>.</summary>
    public async Task<T> AsUserJsonAsync<T>(params string[] args) => (await AsUserAsync([.. args, "--json"])).Read<T>();

    /// <summary>
    /// Another phone holding a copy of this wallet's file for <paramref name="keyId"/> as it is now: what
    /// someone keeps who saved a key's files before it was revoked (a wallet that learned a key is
    /// revoked no longer sends it; a copy made earlier does). The copy lives beside the wallet.
    /// </summary>
    public UserPhone WithCopyOf(string keyId)
    {
        var copy = Directory.CreateDirectory($"{wallet}-copy-{Guid.NewGuid():n}").FullName;
        File.Copy(Path.Combine(wallet, keyId + ".json"), Path.Combine(copy, keyId + ".json"));
        return new UserPhone(url, UserName, UserId, token, copy);
    }

    public Task<CliResult> FetchAsync(string keyId) => Cli.RunAsync("phone", "fetch", keyId, "--wallet", wallet, "--url", url, "--token", token);

    public Task<CliResult> UnlockAsync(string keyId, ISimulatedDevice car, params string[] extra) => ActAsync("unlock", keyId, car, extra);

    public Task<CliResult> LockAsync(string keyId, ISimulatedDevice car, params string[] extra) => ActAsync("lock", keyId, car, extra);

    public Task<CliResult> StartAsync(string keyId, ISimulatedDevice car, params string[] extra) => ActAsync("start", keyId, car, extra);

    /// <summary>`sharekey phone keys`: what the wallet holds and what the phone knows of each key.</summary>
    public Task<CliResult> KeysAsync(params string[] extra) => Cli.RunAsync(["phone", "keys", "--wallet", wallet, .. extra]);

    /// <summary>
    /// One command at the car. The bridge serves one phone at a time and notices a phone has gone
    /// only when it reads the closed connection, so a command right after another one can be told
    /// "busy" before anything is sent; like the app, this retries that (and only that) until a deadline.
    /// </summary>
    private async Task<CliResult> ActAsync(string verb, string keyId, ISimulatedDevice car, string[] extra)
    {
        var bridge = car.BleEndPoint ?? throw new InvalidOperationException($"{car.Name} serves no BLE bridge");
        return await Eventually.GetAsync(
            () => Cli.RunAsync(["phone", verb, keyId, "--bridge", bridge.ToString(), "--wallet", wallet, .. extra]),
            run => !run.Error.Contains(BusyError, StringComparison.Ordinal),
            $"{car.Name}'s bridge free for {UserName}'s phone");
    }
}
