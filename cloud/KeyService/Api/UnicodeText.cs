using System.Globalization;
using System.Text;

namespace ShareKey.KeyService.Api;

/// <summary>
/// What a stored string may not hide: control characters, invisible ("default ignorable")
/// characters such as zero-width spaces and bidi overrides, unassigned or private code points, and
/// — in names — letters of look-alike scripts mixed together ("pаypal" with a Cyrillic а).
/// Normalisation needs ICU: the service refuses to judge text without it rather than pass it unchecked.
/// </summary>
public static class UnicodeText
{
    private enum Script
    {
        None,
        Latin,
        Greek,
        Cyrillic,
    }

    /// <summary>Called at start: a service that cannot normalise must not start accepting names.</summary>
    public static void RequireNormalisation()
    {
        if ("e\u0301".Normalize(NormalizationForm.FormC) != "\u00e9")
        {
            throw new InvalidOperationException(
                "Unicode normalisation is not available (globalization-invariant mode or no libicu): the API cannot check names. Install libicu.");
        }
    }

    public static string Normalise(string value, NormalizationForm form) => value.Normalize(form).Trim();

    public static int Length(string value) => value.EnumerateRunes().Count();

    /// <summary>Why <paramref name="value"/> hides something, or null. Plain space is the only whitespace allowed.</summary>
    public static string? Hidden(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control)
            {
                return $"contains a control character ({Code(rune)})";
            }

            if (Rune.IsWhiteSpace(rune))
            {
                return $"contains a whitespace character other than a plain space ({Code(rune)})";
            }

            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator || IsIgnorable(rune.Value))
            {
                return $"contains an invisible character ({Code(rune)})";
            }

            if (category is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                return $"contains an unassigned or private-use character ({Code(rune)})";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="value"/> mixes Latin, Greek and Cyrillic letters (the look-alike scripts), or null.</summary>
    public static string? MixedScripts(string value)
    {
        var seen = Script.None;
        foreach (var rune in value.EnumerateRunes())
        {
            var script = ScriptOf(rune);
            if (script == Script.None || script == seen)
            {
                continue;
            }

            if (seen != Script.None)
            {
                return $"mixes {seen} and {script} letters, which look alike ({Code(rune)})";
            }

            seen = script;
        }

        return null;
    }

    /// <summary>
    /// <paramref name="value"/> safe to show on a terminal or in a message: control and invisible
    /// characters written as \u{200B}, the backslash as \\, cut to <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Visible(string value, int maxLength = int.MaxValue)
    {
        var visible = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        var shown = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (shown++ == maxLength)
            {
                visible.Append('…');
                break;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == '\\')
            {
                visible.Append(@"\\");
            }
            else if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                     or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate || IsIgnorable(rune.Value))
            {
                visible.Append(@"\u{").Append(rune.Value.ToString("X", CultureInfo.InvariantCulture)).Append('}');
            }
            else
            {
                visible.Append(rune.ToString());
            }
        }

        return visible.ToString();
    }

    /// <summary>"U+200B": how a refused character is named without printing it.</summary>
    public static string Code(Rune rune) => $"U+{rune.Value:X4}";

    private static Script ScriptOf(Rune rune)
    {
        if (!Rune.IsLetter(rune))
        {
            return Script.None;
        }

        return rune.Value switch
        {
            <= 0x024F or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F) => Script.Latin,
            (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => Script.Greek,
            (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => Script.Cyrillic,
            _ => Script.None,
        };
    }

    /// <summary>Unicode's default-ignorable code points (DerivedCoreProperties) and the blank "letters" that render as nothing.</summary>
    private static bool IsIgnorable(int c) => c switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x2800 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        (>= 0x180B and <= 0x180F) or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F) => true,
        (>= 0xFE00 and <= 0xFE0F) or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3) or (>= 0x1D173 and <= 0x1D17A) => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };
}
