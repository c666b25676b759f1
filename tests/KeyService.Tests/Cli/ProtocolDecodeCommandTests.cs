namespace ShareKey.KeyService.Tests.Cli;

/// <summary>Frames from docs/protocol-vectors.json, decoded through the CLI.</summary>
public sealed class ProtocolDecodeCommandTests
{
    private const string Challenge = "01010000000100285348415245000001a0a1a2a3a4a5a6a7a8a9aaabacadaeaf6b49d200000000070000000600000003";
    private const string Commit = "011100000065000400000008d16ddd9aa55eea70a145bd4829506cd0";
    private const string RootKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    [Fact]
    public void Decodes_a_ble_frame()
    {
        var run = CliRun.Of("protocol", "decode", Challenge);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Challenge#1 device=5348415245000001", run.Output);
    }

    [Fact]
    public void Decodes_an_mqtt_frame_with_the_root_key()
    {
        var run = CliRun.Of("protocol", "decode", Commit, "--root-key", RootKey);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Commit#101 epoch=8", run.Output);
    }

    [Fact]
    public void An_mqtt_frame_without_a_root_key_is_a_usage_error()
    {
        var run = CliRun.Of("protocol", "decode", Commit);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--root-key", run.Error);
    }

    [Fact]
    public void A_wrong_root_key_fails_the_link_mac()
    {
        var run = CliRun.Of("protocol", "decode", Commit, "--root-key", new string('0', 64));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused (BadMac)", run.Error);
    }

    [Fact]
    public void A_truncated_frame_is_refused_with_its_rule()
    {
        var run = CliRun.Of("protocol", "decode", Challenge[..^2]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused (Truncated): F3", run.Error);
    }

    [Fact]
    public void Text_that_is_not_hex_is_a_usage_error()
    {
        var run = CliRun.Of("protocol", "decode", "zz");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("hex", run.Error);
    }
}
