using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// Calls the C# compiler writes for language constructs, modelled on how Roslyn lowers them when
/// it compiles against nanoFramework's mscorlib. They never appear in the source, yet the board
/// must have them: <c>a + b</c> on strings is String.Concat, <c>lock</c> is Monitor.Enter/Exit,
/// a static array initialiser is RuntimeHelpers.InitializeArray, and so on.
/// </summary>
public sealed class SynthesisedCalls
{
    private const string StringLength = "P:System.String.Length";
    private const string StringChars = "P:System.String.Item(System.Int32)";
    private const string StringEquality = "M:System.String.op_Equality(System.String,System.String)";
    private const string StringInequality = "M:System.String.op_Inequality(System.String,System.String)";
    private const string Dispose = "M:System.IDisposable.Dispose";

    private readonly SemanticModel _model;
    private readonly ApiRules _api;

    public SynthesisedCalls(SemanticModel model, ApiRules api)
    {
        _model = model;
        _api = api;
    }

    public void Check(IOperation operation, Location location)
    {
        switch (operation)
        {
            case IBinaryOperation binary when IsStringConcatenation(binary):
                if (!IsStringConcatenation(binary.Parent))
                {
                    RequireConcatenation(StringParts.Of(binary), location);
                }

                break;
            case IBinaryOperation binary when binary.OperatorMethod == null && IsString(binary.LeftOperand) && IsString(binary.RightOperand):
                CheckStringComparison(binary, location);
                break;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } compound when IsStringType(compound.Type):
                RequireConcatenation(StringParts.Of(compound), location);
                break;
            case IInterpolatedStringOperation interpolation:
                CheckInterpolation(interpolation, location);
                break;
            case ILockOperation:
                // Roslyn calls Enter(object, ref bool) when the corlib has it and falls back to
                // Enter(object) when not; nanoFramework's Monitor has only the latter.
                _api.RequireSynthesised(location, "lock", "M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)", "M:System.Threading.Monitor.Enter(System.Object)");
                _api.RequireSynthesised(location, "lock", "M:System.Threading.Monitor.Exit(System.Object)");
                break;
            case IUsingOperation or IUsingDeclarationOperation:
                _api.RequireSynthesised(location, "using", Dispose);
                break;
            case IForEachLoopOperation loop:
                CheckForEach(loop, location);
                break;
            case ISwitchOperation choice when IsString(choice.Value):
                // Over a handful of cases the compiler also hashes the string (Length and indexer).
                _api.RequireSynthesised(location, "switch on a string", StringEquality);
                _api.RequireSynthesised(location, "switch on a string", StringLength);
                _api.RequireSynthesised(location, "switch on a string", StringChars);
                break;
            case IConstantPatternOperation pattern when IsStringType(pattern.InputType) && pattern.Value.ConstantValue.Value != null:
                _api.RequireSynthesised(location, "a string constant pattern", StringEquality);
                break;
            case IArrayCreationOperation creation when IsBlockInitialised(creation):
                _api.RequireSynthesised(location, "a constant array initialiser", "M:System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray(System.Array,System.RuntimeFieldHandle)");
                break;
            case ITypeOfOperation:
                _api.RequireSynthesised(location, "typeof", "M:System.Type.GetTypeFromHandle(System.RuntimeTypeHandle)");
                break;
        }
    }

    private void CheckStringComparison(IBinaryOperation binary, Location location)
    {
        if (binary.OperatorKind == BinaryOperatorKind.Equals)
        {
            _api.RequireSynthesised(location, "== on strings", StringEquality);
        }
        else if (binary.OperatorKind == BinaryOperatorKind.NotEquals)
        {
            _api.RequireSynthesised(location, "!= on strings", StringInequality);
        }
    }

    /// <summary>
    /// Roslyn turns each non-string part into <c>part.ToString()</c> and passes the parts to
    /// String.Concat(String, String[, String[, String]]), or to Concat(String[]) past four.
    /// </summary>
    private void RequireConcatenation(StringParts parts, Location location)
    {
        foreach (ITypeSymbol type in parts.NonStringTypes)
        {
            _api.CheckMember(ToStringOf(type), location);
        }

        string id = parts.Count switch
        {
            < 2 => string.Empty,
            2 => "M:System.String.Concat(System.String,System.String)",
            3 => "M:System.String.Concat(System.String,System.String,System.String)",
            4 => "M:System.String.Concat(System.String,System.String,System.String,System.String)",
            _ => "M:System.String.Concat(System.String[])",
        };
        if (id.Length != 0)
        {
            _api.RequireSynthesised(location, "string concatenation", id);
        }
    }

    /// <summary>C# 9 (no interpolation handlers): String.Concat when every hole is a plain string, else String.Format.</summary>
    private void CheckInterpolation(IInterpolatedStringOperation interpolation, Location location)
    {
        IInterpolationOperation[] holes = interpolation.Parts.OfType<IInterpolationOperation>().ToArray();
        if (holes.All(h => h.Alignment == null && h.FormatString == null && IsString(h.Expression)))
        {
            RequireConcatenation(StringParts.Of(interpolation), location);
            return;
        }

        string[] objects = Enumerable.Repeat("System.Object", holes.Length).ToArray();
        string exact = $"M:System.String.Format(System.String,{string.Join(",", objects)})";
        _api.RequireSynthesised(location, "an interpolated string", exact, "M:System.String.Format(System.String,System.Object[])");
    }

    private void CheckForEach(IForEachLoopOperation loop, Location location)
    {
        ITypeSymbol? collection = StripImplicitConversions(loop.Collection).Type;
        if (collection is IArrayTypeSymbol)
        {
            // The compiler indexes arrays directly (ldlen/ldelem): no API involved.
            return;
        }

        if (IsStringType(collection))
        {
            _api.RequireSynthesised(location, "foreach over a string", StringLength);
            _api.RequireSynthesised(location, "foreach over a string", StringChars);
            return;
        }

        if (loop.Syntax is CommonForEachStatementSyntax syntax)
        {
            ForEachStatementInfo info = _model.GetForEachStatementInfo(syntax);
            _api.CheckMember(info.GetEnumeratorMethod, location);
            _api.CheckMember(info.MoveNextMethod, location);
            _api.CheckMember(info.CurrentProperty, location);
            _api.CheckMember(info.DisposeMethod, location);
            _api.CheckType(info.ElementType, location);
        }
    }

    /// <summary>Roslyn stores an all-constant array of primitives as a blob and copies it in with InitializeArray.</summary>
    private static bool IsBlockInitialised(IArrayCreationOperation creation)
    {
        if (creation.Initializer == null || creation.Type is not IArrayTypeSymbol { Rank: 1 } array)
        {
            return false;
        }

        ITypeSymbol element = array.ElementType is INamedTypeSymbol { EnumUnderlyingType: { } underlying } ? underlying : array.ElementType;
        bool primitive = element.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double;
        ImmutableArray<IOperation> values = creation.Initializer.ElementValues;
        return primitive
            && values.All(v => v.ConstantValue.HasValue)
            && values.Any(v => !IsZero(v.ConstantValue.Value));
    }

    private static bool IsZero(object? value)
    {
        return value switch
        {
            null => true,
            bool flag => !flag,
            char character => character == '\0',
            IConvertible number => number.ToDouble(null) == 0,
            _ => false,
        };
    }

    private static IMethodSymbol? ToStringOf(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current != null; current = current.BaseType)
        {
            IMethodSymbol? method = current.GetMembers("ToString").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty && !m.IsStatic);
            if (method != null)
            {
                return method;
            }
        }

        return null;
    }

    private static bool IsStringConcatenation(IOperation? operation)
    {
        return operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } binary
            && IsStringType(binary.Type)
            && !binary.ConstantValue.HasValue;
    }

    private static bool IsString(IOperation operation)
    {
        return IsStringType(StripImplicitConversions(operation).Type);
    }

    private static bool IsStringType(ITypeSymbol? type)
    {
        return type?.SpecialType == SpecialType.System_String;
    }

    internal static IOperation StripImplicitConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
