using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The operands of one string concatenation as the compiler sees them: nested <c>+</c> flattened,
/// adjacent constants folded into one, empty constants dropped.
/// </summary>
public sealed class StringParts
{
    private readonly List<ITypeSymbol> _nonStringTypes = new();
    private bool _lastWasConstant;

    private StringParts()
    {
    }

    /// <summary>How many strings reach String.Concat.</summary>
    public int Count { get; private set; }

    /// <summary>Types of the parts that are not strings; each is turned into a string by its ToString().</summary>
    public IReadOnlyList<ITypeSymbol> NonStringTypes
    {
        get { return _nonStringTypes; }
    }

    public static StringParts Of(IBinaryOperation concatenation)
    {
        StringParts parts = new();
        parts.Add(concatenation);
        return parts;
    }

    public static StringParts Of(ICompoundAssignmentOperation appending)
    {
        StringParts parts = new();
        parts.Add(appending.Target);
        parts.Add(appending.Value);
        return parts;
    }

    public static StringParts Of(IInterpolatedStringOperation interpolation)
    {
        StringParts parts = new();
        foreach (IInterpolatedStringContentOperation content in interpolation.Parts)
        {
            parts.Add(content is IInterpolationOperation hole ? hole.Expression : content);
        }

        return parts;
    }

    private void Add(IOperation operation)
    {
        IOperation part = SynthesisedCalls.StripImplicitConversions(operation);
        if (part is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } binary
            && binary.Type?.SpecialType == SpecialType.System_String
            && !binary.ConstantValue.HasValue)
        {
            Add(binary.LeftOperand);
            Add(binary.RightOperand);
            return;
        }

        object? constant = part is IInterpolatedStringTextOperation text ? text.Text.ConstantValue.Value : part.ConstantValue.Value;
        bool isConstant = part is IInterpolatedStringTextOperation || part.ConstantValue.HasValue;
        if (isConstant && constant is string { Length: 0 })
        {
            return;
        }

        if (isConstant && _lastWasConstant)
        {
            return;
        }

        Count++;
        _lastWasConstant = isConstant;
        if (!isConstant && part.Type != null && part.Type.SpecialType != SpecialType.System_String)
        {
            _nonStringTypes.Add(part.Type);
        }
    }
}
