using Microsoft.CodeAnalysis;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// Judges the types and members portable code touches: the constructs the board lacks (generics,
/// tuples, Span, ...) by rule, everything else from outside the portable sources by the allowlist.
/// </summary>
public sealed class ApiRules
{
    private readonly IAssemblySymbol _portableAssembly;
    private readonly ApiAllowlist _allowlist;
    private readonly Findings _findings;

    public ApiRules(IAssemblySymbol portableAssembly, ApiAllowlist allowlist, Findings findings)
    {
        _portableAssembly = portableAssembly;
        _allowlist = allowlist;
        _findings = findings;
    }

    public void CheckType(ITypeSymbol? type, Location location)
    {
        switch (type)
        {
            case null:
            case IErrorTypeSymbol:
            case ITypeParameterSymbol:
                // Unresolved types are compile errors; type parameters are reported where they are declared.
                return;
            case IArrayTypeSymbol array:
                CheckType(array.ElementType, location);
                return;
            case IPointerTypeSymbol pointer:
                CheckType(pointer.PointedAtType, location);
                return;
            case IDynamicTypeSymbol:
                _findings.Add(location, Rule.Dynamic, "dynamic needs the DLR, which the board does not have");
                return;
            case INamedTypeSymbol named:
                CheckNamedType(named, location);
                return;
        }
    }

    public void CheckMember(ISymbol? member, Location location)
    {
        if (member is IMethodSymbol method)
        {
            member = Normalise(method);
        }

        if (member == null)
        {
            return;
        }

        if (IsInLinq(member))
        {
            _findings.Add(location, Rule.Linq, $"{member.ToDisplayString()} is LINQ; write the loop");
            return;
        }

        if (member is IMethodSymbol { IsGenericMethod: true } genericMethod)
        {
            _findings.Add(location, Rule.Generics, $"generic method {genericMethod.ToDisplayString()}: nanoFramework 1.x has no generics");
            return;
        }

        if (member is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
        {
            return;
        }

        INamedTypeSymbol? owner = member.ContainingType;
        if (owner != null && (owner.IsGenericType || owner.IsTupleType))
        {
            CheckType(owner, location);
            return;
        }

        if (IsPortable(member))
        {
            return;
        }

        if (owner is { TypeKind: TypeKind.Delegate })
        {
            // Invoke and the constructor of a delegate are supplied by the runtime for any delegate type.
            CheckType(owner, location);
            return;
        }

        RequireListed(member.OriginalDefinition, location);
    }

    /// <summary>
    /// Requires one of <paramref name="alternatives"/> (documentation IDs) to be allowlisted: used for
    /// calls the compiler writes on the code's behalf, e.g. String.Concat for <c>a + b</c>.
    /// </summary>
    public void RequireSynthesised(Location location, string construct, params string[] alternatives)
    {
        if (alternatives.Any(_allowlist.Contains))
        {
            return;
        }

        _findings.Add(
            location,
            Rule.NotInAllowlist,
            $"{construct} compiles to a call of {string.Join(" or ", alternatives)}, which the nanoFramework allowlist does not hold");
    }

    public bool IsPortable(ISymbol symbol)
    {
        return SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _portableAssembly);
    }

    private void CheckNamedType(INamedTypeSymbol type, Location location)
    {
        if (type.IsTupleType)
        {
            _findings.Add(location, Rule.Tuples, $"tuple {type.ToDisplayString()} is a generic ValueTuple; use a small class");
            return;
        }

        INamedTypeSymbol definition = type.OriginalDefinition;
        if (definition.SpecialType == SpecialType.System_Nullable_T)
        {
            _findings.Add(location, Rule.NullableValueType, $"{type.ToDisplayString()} is System.Nullable<T>; use a flag or a sentinel value");
            return;
        }

        if (IsSpanLike(definition))
        {
            _findings.Add(location, Rule.Span, $"{type.ToDisplayString()} does not exist on the board; use byte[] with offset and count");
            return;
        }

        if (definition.SpecialType == SpecialType.System_Decimal)
        {
            _findings.Add(location, Rule.Decimal, "decimal is not used on the board; use integers in fixed units");
            return;
        }

        if (IsInLinq(definition))
        {
            _findings.Add(location, Rule.Linq, $"{type.ToDisplayString()} is LINQ; write the loop");
            return;
        }

        if (type.IsAnonymousType)
        {
            _findings.Add(location, Rule.Generics, "anonymous types compile to generic classes; nanoFramework 1.x has no generics");
            return;
        }

        if (type.IsGenericType)
        {
            _findings.Add(location, Rule.Generics, $"{type.ToDisplayString()} is generic; nanoFramework 1.x has none (use arrays, ArrayList, Hashtable)");
            return;
        }

        if (IsPortable(definition) || definition.SpecialType == SpecialType.System_Void)
        {
            return;
        }

        RequireListed(definition, location);
    }

    private void RequireListed(ISymbol symbol, Location location)
    {
        string? id = DocumentationId(symbol);
        if (id == null)
        {
            return;
        }

        string? advice = BannedApis.AdviceFor(id);
        if (advice != null)
        {
            _findings.Add(location, Rule.BannedApi, $"{symbol.ToDisplayString()}: {advice}");
            return;
        }

        if (!_allowlist.Contains(id))
        {
            _findings.Add(location, Rule.NotInAllowlist, $"{symbol.ToDisplayString()} is not in the nanoFramework allowlist: {id}");
        }
    }

    /// <summary>
    /// The documentation-comment ID the allowlist uses. Roslyn appends "~ReturnType" to some method
    /// IDs; the C# documentation format needs it only for conversion operators, so it is dropped elsewhere.
    /// </summary>
    public static string? DocumentationId(ISymbol symbol)
    {
        string? id = DocumentationCommentId.CreateDeclarationId(symbol);
        int tilde = id?.IndexOf('~', StringComparison.Ordinal) ?? -1;
        bool conversion = symbol is IMethodSymbol { MethodKind: MethodKind.Conversion };
        return tilde >= 0 && !conversion ? id![..tilde] : id;
    }

    /// <summary>Accessors are judged as their property or event; extension calls as the declared method.</summary>
    private static ISymbol? Normalise(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.BuiltinOperator)
        {
            return null;
        }

        IMethodSymbol declared = method.ReducedFrom ?? method;
        return declared.AssociatedSymbol is IPropertySymbol or IEventSymbol ? declared.AssociatedSymbol : declared;
    }

    private static bool IsSpanLike(INamedTypeSymbol definition)
    {
        string name = definition.MetadataName;
        return definition.ContainingNamespace.ToDisplayString() == "System"
            && (name == "Span`1" || name == "ReadOnlySpan`1" || name == "Memory`1" || name == "ReadOnlyMemory`1");
    }

    private static bool IsInLinq(ISymbol symbol)
    {
        string? space = symbol.ContainingNamespace?.ToDisplayString();
        return space != null && (space == "System.Linq" || space.StartsWith("System.Linq.", StringComparison.Ordinal));
    }
}
