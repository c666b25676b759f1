using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>The text rules one by one: what each stores, what each refuses and why.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("  Alice  ", "Alice")]
    [InlineData("\uFF21\uFF4C\uFF49\uFF43\uFF45", "Alice")]
    [InlineData("\uFB01sh", "fish")]
    [InlineData("Re\u0301my", "R\u00e9my")]
    [InlineData("no\u00A0break", "no break")]
    [InlineData("Ζωή", "Ζωή")]
    [InlineData("Юлия 2", "Юлия 2")]
    [InlineData("李小龙", "李小龙")]
    public void A_name_is_stored_normalised(string given, string stored) =>
        Assert.Equal(stored, new NameAttribute(64).Apply(given));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("al\u200Bice", "invisible character (U+200B)")]
    [InlineData("\u202Eecila", "invisible character (U+202E)")]
    [InlineData("ali\u00ADce", "invisible character (U+00AD)")]
    [InlineData("al\uFE0Fice", "invisible character (U+FE0F)")]
    [InlineData("\u3164", "invisible character")]
    [InlineData("a\u001B[31m", "control character (U+001B)")]
    [InlineData("two\nlines", "control character (U+000A)")]
    [InlineData("tab\tbed", "control character (U+0009)")]
    [InlineData("p\u0430ypal", "mixes Latin and Cyrillic")]
    [InlineData("\u03BFpen", "mixes Greek and Latin")]
    [InlineData("\uE000", "private-use")]
    public void A_name_hiding_something_is_refused_saying_what(string given, string reason)
    {
        var refused = Assert.Throws<FieldRefusedException>(() => new NameAttribute(64).Apply(given));
        Assert.Contains(reason, refused.Reason);
    }

    [Fact]
    public void Lengths_count_characters_after_normalising_and_huge_values_are_refused_unread()
    {
        Assert.Equal(new string('é', 8), new NameAttribute(8).Apply(string.Concat(Enumerable.Repeat("e\u0301", 8))));
        Assert.Contains("longer than 8", Assert.Throws<FieldRefusedException>(() => new NameAttribute(8).Apply(new string('x', 9))).Reason);
        Assert.Contains("longer than 8", Assert.Throws<FieldRefusedException>(() => new NameAttribute(8).Apply(new string('x', 10_000_000))).Reason);
    }

    [Fact]
    public void Free_text_keeps_its_scripts_and_its_compatibility_characters_but_nothing_hidden()
    {
        Assert.Equal("Wartung: Bremsbeläge ﬁxed, Тормоза", new TextAttribute(100).Apply("Wartung: Bremsbela\u0308ge ﬁxed, Тормоза"));
        Assert.Throws<FieldRefusedException>(() => new TextAttribute(100).Apply("note\u2028more"));
        Assert.Contains("whitespace character other than a plain space (U+00A0)", Assert.Throws<FieldRefusedException>(() => new TextAttribute(100).Apply("no\u00A0break")).Reason);
    }

    [Theory]
    [InlineData("1m8gdm9axkp042788", "1M8GDM9AXKP042788")]
    [InlineData(" 1M8GDM9AXKP042788 ", "1M8GDM9AXKP042788")]
    public void A_vin_is_stored_upper_case(string given, string stored) => Assert.Equal(stored, new VinAttribute().Apply(given));

    [Theory]
    [InlineData("1M8GDM9AXKP042789", "check digit")]
    [InlineData("1M8GDM9AXKP04278", "17 characters")]
    [InlineData("1M8GDM9AXKP04278O", "no I, O, Q")]
    [InlineData("1M8GDM9AXKP04278\u0000", "no I, O, Q")]
    public void A_value_that_is_not_a_vin_is_refused(string given, string reason) =>
        Assert.Contains(reason, Assert.Throws<FieldRefusedException>(() => new VinAttribute().Apply(given)).Reason);

    [Fact]
    public void Device_names_are_printable_ascii_ids_are_hex_and_words_are_from_their_list()
    {
        Assert.Equal("car-17", new AsciiNameAttribute(24).Apply(" car-17 "));
        Assert.Contains("not printable ASCII (U+00E9)", Assert.Throws<FieldRefusedException>(() => new AsciiNameAttribute(24).Apply("caf\u00e9")).Reason);
        Assert.Equal("00000000000000ab", new IdAttribute().Apply("00000000000000AB"));
        Assert.Throws<FieldRefusedException>(() => new IdAttribute().Apply("0000000000000000"));
        Assert.Equal("parking-lock", new OneOfAttribute(typeof(Devices.DeviceKind)).Apply("Parking-Lock"));
        Assert.Contains("one of: tbox, parking-lock", Assert.Throws<FieldRefusedException>(() => new OneOfAttribute(typeof(Devices.DeviceKind)).Apply("toaster")).Reason);
    }

    [Fact]
    public void Visible_shows_hidden_characters_as_escapes_and_cuts_long_text()
    {
        Assert.Equal(@"a\u{1B}[31mred\u{202E}\\x", UnicodeText.Visible("a\u001B[31mred\u202E\\x"));
        Assert.Equal("abc…", UnicodeText.Visible("abcdef", 3));
        Assert.Equal("Ζωή 李", UnicodeText.Visible("Ζωή 李"));
    }
}
