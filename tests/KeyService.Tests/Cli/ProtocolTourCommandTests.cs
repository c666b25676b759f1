namespace ShareKey.KeyService.Tests.Cli;

public sealed class ProtocolTourCommandTests
{
    [Fact]
    public void The_returned_renter_is_refused_and_the_next_one_gets_in()
    {
        var run = CliRun.Of("protocol", "tour");

        Assert.Equal(0, run.ExitCode);
        var verdicts = run.Output.Split('\n').Where(l => l.TrimStart().StartsWith("=>", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, verdicts.Count);
        Assert.StartsWith("=> ACCEPTED (4 HMACs", verdicts[0].Trim());
        Assert.StartsWith("=> UNKNOWN-EPOCH", verdicts[1].Trim());
        Assert.StartsWith("=> ACCEPTED (4 HMACs", verdicts[2].Trim());
        Assert.Equal(2, run.Output.Split("(proof verified)").Length - 1);
    }
}
