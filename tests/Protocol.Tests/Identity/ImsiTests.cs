using ShareKey.Protocol.Identity;

namespace ShareKey.Protocol.Tests.Identity;

public sealed class ImsiTests
{
    [Theory]
    [InlineData("310150123456789")]
    [InlineData("46001123456")]
    [InlineData("001011")]
    public void Accepts_6_to_15_digits(string imsi) => Assert.Equal(IdentityProblem.None, Imsi.Check(imsi));

    [Theory]
    [InlineData(null)]
    [InlineData("00101")]
    [InlineData("3101501234567890")]
    public void Refuses_wrong_lengths(string? imsi) => Assert.Equal(IdentityProblem.ImsiLength, Imsi.Check(imsi!));

    [Theory]
    [InlineData("31015012345678a")]
    [InlineData("310 150123456")]
    public void Refuses_non_digits(string imsi) => Assert.Equal(IdentityProblem.ImsiCharacter, Imsi.Check(imsi));
}
