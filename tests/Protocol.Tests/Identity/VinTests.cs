using ShareKey.Protocol.Identity;

namespace ShareKey.Protocol.Tests.Identity;

/// <summary>R4.2: length, ISO 3779 alphabet and the position-9 check digit.</summary>
public sealed class VinTests
{
    [Theory]
    [InlineData("1M8GDM9AXKP042788")] // the worked example of the check-digit method
    [InlineData("11111111111111111")]
    [InlineData("1HGCM82633A004352")]
    public void Accepts_valid_vins(string vin) => Assert.Equal(IdentityProblem.None, Vin.Check(vin));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1M8GDM9AXKP04278")]
    [InlineData("1M8GDM9AXKP0427888")]
    public void Refuses_wrong_lengths(string? vin) => Assert.Equal(IdentityProblem.VinLength, Vin.Check(vin!));

    [Theory]
    [InlineData("1M8GDM9AXKP04278I")]
    [InlineData("1M8GDM9AXKP04278O")]
    [InlineData("1M8GDM9AXKP04278Q")]
    [InlineData("1m8GDM9AXKP042788")]
    [InlineData("1M8GDM9AXKP04278-")]
    public void Refuses_characters_outside_the_alphabet(string vin) => Assert.Equal(IdentityProblem.VinCharacter, Vin.Check(vin));

    [Fact]
    public void Refuses_a_wrong_check_digit() => Assert.Equal(IdentityProblem.VinCheckDigit, Vin.Check("1M8GDM9A1KP042788"));

    [Fact]
    public void Computes_x_for_a_remainder_of_ten() => Assert.Equal('X', Vin.CheckDigitOf("1M8GDM9AXKP042788"));
}
