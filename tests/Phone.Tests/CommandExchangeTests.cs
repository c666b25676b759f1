using ShareKey.Phone.Bridge;
using ShareKey.Phone.Keys;
using ShareKey.Phone.Tests.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Tests;

/// <summary>
/// The phone's exchange when the answer is not a clean Result: once the Command is out, a device
/// that hangs up or sends garbage leaves the outcome unknown — never "refused", never "done".
/// </summary>
public sealed class CommandExchangeTests
{
    [Fact]
    public async Task A_device_that_hangs_up_after_the_command_leaves_the_outcome_unknown()
    {
        await using var environment = new TestEnvironment();
        var device = environment.Own(new OneShotDevice(_ => null));

        var outcome = await ExchangeAsync(device);

        Assert.Null(outcome.Result);
        Assert.Equal(AnswerTrust.NoAnswer, outcome.Advice.Trust);
        Assert.Equal(Actuation.Unknown, outcome.Advice.Actuation);
        Assert.Equal(Remedy.CheckAsset, outcome.Advice.Remedy);
    }

    [Fact]
    public async Task A_result_that_does_not_decode_leaves_the_outcome_unknown()
    {
        await using var environment = new TestEnvironment();
        var device = environment.Own(new OneShotDevice(_ => [0x01, 0x03, 0xFF]));

        var outcome = await ExchangeAsync(device);

        Assert.Equal(AnswerTrust.NoAnswer, outcome.Advice.Trust);
        Assert.Equal(Actuation.Unknown, outcome.Advice.Actuation);
    }

    [Fact]
    public async Task An_unsigned_acceptance_from_the_middle_is_not_believed()
    {
        await using var environment = new TestEnvironment();
        var device = environment.Own(new OneShotDevice(command => new MessageEncoder(SampleKeys.Macs).Encode(new ResultMessage
        {
            MessageId = command.MessageId,
            Status = RefusalReason.Accepted,
            Command = command.Command,
            RemainingUses = ResultMessage.UnlimitedUses,
            Mac = new byte[Macs.MacLength],
        })));

        var outcome = await ExchangeAsync(device);

        Assert.NotNull(outcome.Result);
        Assert.Equal(AnswerTrust.Unverified, outcome.Advice.Trust);
        Assert.False(outcome.Advice.Accepted);
    }

    [Fact]
    public async Task A_device_that_does_not_answer_times_out_on_the_phone()
    {
        using System.Net.Sockets.TcpListener silent = new(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        await using BridgeClient phone = await BridgeClient.ConnectAsync((System.Net.IPEndPoint)silent.LocalEndpoint);
        phone.Timeout = TimeSpan.FromMilliseconds(200);

        await Assert.ThrowsAsync<TimeoutException>(() => phone.WriteCommandAsync([1]));
    }

    private static async Task<ExchangeOutcome> ExchangeAsync(OneShotDevice device)
    {
        await using var link = await BridgeClient.ConnectAsync(device.EndPoint);
        var exchange = new CommandExchange();
        var challenge = await exchange.ChallengeAsync(link, CancellationToken.None);
        Assert.NotNull(challenge);
        var key = HeldKeys.From(new WalletEntry(SampleKeys.Material(), "http://service", DateTimeOffset.UtcNow));
        return await exchange.CommandAsync(link, challenge, key, CommandCode.Unlock, CancellationToken.None);
    }
}
