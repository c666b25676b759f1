using System.Text;
using ShareKey.KeyService.Problems;
using ShareKey.Protocol.Identity;

namespace ShareKey.KeyService.Api;

/// <summary>
/// The rule a stored or echoed string follows, declared on the DTO member:
/// <c>record CreateUserRequest([Name(64)] string Name)</c>. The API's JSON reading applies it while
/// parsing (<see cref="RequestJson"/>), route and query values get it from <see cref="InputRules"/>;
/// a refusal becomes a problem naming the field. <see cref="Apply"/> returns the value as stored.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public abstract class TextRuleAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;

    /// <summary>How many strings a list field with this rule may hold.</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>The rule in a few words, for the API document.</summary>
    public abstract string Describe { get; }

    /// <summary>The normalised value, or throws <see cref="FieldRefusedException"/> saying why not.</summary>
    public string Apply(string value)
    {
        // Checked before normalising, so a huge value costs nothing more to refuse.
        if (value.Length > 4 * MaxLength)
        {
            throw new FieldRefusedException($"is longer than {MaxLength} characters");
        }

        var normal = Normalise(value);
        if (normal.Length == 0)
        {
            throw new FieldRefusedException("is empty");
        }

        if (UnicodeText.Length(normal) > MaxLength)
        {
            throw new FieldRefusedException($"is longer than {MaxLength} characters");
        }

        return Problem(normal) is { } problem ? throw new FieldRefusedException(problem) : normal;
    }

    /// <summary><see cref="Apply"/> for a value that did not come through JSON: a refusal is a problem naming <paramref name="field"/>.</summary>
    public string Apply(string value, string field)
    {
        try
        {
            return Apply(value);
        }
        catch (FieldRefusedException refused)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"{field}: {refused.Reason}.", field);
        }
    }

    protected abstract string Normalise(string value);

    protected abstract string? Problem(string value);
}

/// <summary>A name people read and compare (users, labels a person picks): NFKC, one look-alike script, nothing hidden.</summary>
public sealed class NameAttribute(int maxLength) : TextRuleAttribute(maxLength)
{
    public override string Describe => $"1–{MaxLength} characters, NFKC-normalised; no control or invisible characters; Latin, Greek and Cyrillic letters not mixed.";

    protected override string Normalise(string value) => UnicodeText.Normalise(value, NormalizationForm.FormKC);

    protected override string? Problem(string value) => UnicodeText.Hidden(value) ?? UnicodeText.MixedScripts(value);
}

/// <summary>Free text (a reason, a note): NFC, any script, nothing hidden.</summary>
public sealed class TextAttribute(int maxLength) : TextRuleAttribute(maxLength)
{
    public override string Describe => $"1–{MaxLength} characters, NFC-normalised; no control or invisible characters.";

    protected override string Normalise(string value) => UnicodeText.Normalise(value, NormalizationForm.FormC);

    protected override string? Problem(string value) => UnicodeText.Hidden(value);
}

/// <summary>A name that leaves the service in bytes (a board advertises its device name over BLE): printable ASCII.</summary>
public sealed class AsciiNameAttribute(int maxLength) : TextRuleAttribute(maxLength)
{
    public override string Describe => $"1–{MaxLength} printable ASCII characters.";

    protected override string Normalise(string value) => value.Trim();

    protected override string? Problem(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return $"has a character that is not printable ASCII (U+{(int)c:X4})";
            }
        }

        return null;
    }
}

/// <summary>A vehicle identification number: 17 characters of A–Z (no I, O, Q) and 0–9 with a valid check digit; upper-cased.</summary>
public sealed class VinAttribute() : TextRuleAttribute(Vin.Length)
{
    public override string Describe => "A VIN: 17 characters, A–Z without I, O, Q, and 0–9, with a valid check digit (ISO 3779).";

    protected override string Normalise(string value) => value.Trim().ToUpperInvariant();

    protected override string? Problem(string value) => Vin.Check(value) switch
    {
        IdentityProblem.None => null,
        IdentityProblem.VinLength => $"is not a VIN: a VIN has {Vin.Length} characters",
        IdentityProblem.VinCheckDigit => "is not a VIN: its check digit (9th character) does not match",
        _ => "is not a VIN: a VIN has only A–Z (no I, O, Q) and 0–9",
    };
}

/// <summary>A device, key or user id: 16 hex digits, not all zero; lower-cased.</summary>
public sealed class IdAttribute() : TextRuleAttribute(16)
{
    public override string Describe => "An id: 16 hex digits, not all zero.";

    protected override string Normalise(string value) => value.Trim().ToLowerInvariant();

    protected override string? Problem(string value) =>
        value.Length == 16 && Protocol.Buffers.Hex.TryParseId(value, out var id) && id != 0 ? null : "is not an id: ids are 16 hex digits, not all zero";
}

/// <summary>One of a few fixed words, or of an enum's names as the API spells them ("gave-up").</summary>
public sealed class OneOfAttribute(params string[] allowed) : TextRuleAttribute(allowed.Max(word => word.Length))
{
    public OneOfAttribute(Type enumType)
        : this(Enum.GetValues(enumType).Cast<object>().Select(value => System.Text.Json.JsonSerializer.Serialize(value, enumType, Json.Options).Trim('"')).ToArray())
    {
    }

    public IReadOnlyList<string> Allowed { get; } = allowed;

    public override string Describe => "One of: " + string.Join(", ", Allowed) + ".";

    protected override string Normalise(string value) => value.Trim().ToLowerInvariant();

    protected override string? Problem(string value) => Allowed.Contains(value) ? null : "must be one of: " + string.Join(", ", Allowed);
}

/// <summary>
/// A value a <see cref="TextRuleAttribute"/> refused; the reason reads after the field's name
/// ("name: is empty"). <see cref="Within"/> names the entry of a list ("[3]").
/// </summary>
public sealed class FieldRefusedException(string reason, string within = "") : System.Text.Json.JsonException(reason)
{
    public string Reason { get; } = reason;

    public string Within { get; } = within;
}
