using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// What declarations oblige the board to have: the types in signatures, base types and the base
/// constructor an implicit <c>: base()</c> calls, every member of an implemented BCL interface,
/// the BCL member an override replaces, attribute constructors, and the helpers the compiler
/// writes for <c>params</c>, extension methods and field-like events. Also rejects declared generics.
/// </summary>
public sealed class DeclarationRules
{
    private readonly SemanticModel _model;
    private readonly ApiRules _api;
    private readonly Findings _findings;

    public DeclarationRules(SemanticModel model, ApiRules api, Findings findings)
    {
        _model = model;
        _api = api;
        _findings = findings;
    }

    public void Check(SyntaxNode root)
    {
        HashSet<ISymbol> seen = new(SymbolEqualityComparer.Default);
        foreach (SyntaxNode node in root.DescendantNodesAndSelf())
        {
            ISymbol? symbol = _model.GetDeclaredSymbol(node);
            if (symbol != null && seen.Add(symbol))
            {
                CheckDeclared(symbol, node.GetLocation());
            }
        }
    }

    private void CheckDeclared(ISymbol symbol, Location location)
    {
        CheckAttributes(symbol.GetAttributes(), location);
        switch (symbol)
        {
            case INamedTypeSymbol type:
                CheckType(type, location);
                break;
            case IMethodSymbol method:
                CheckMethod(method, location);
                break;
            case IPropertySymbol property:
                _api.CheckType(property.Type, location);
                CheckOverride(property.OverriddenProperty, location);
                break;
            case IFieldSymbol field:
                _api.CheckType(field.Type, location);
                break;
            case IEventSymbol anEvent:
                CheckEvent(anEvent, location);
                break;
            case ILocalSymbol local:
                _api.CheckType(local.Type, location);
                break;
            case IParameterSymbol parameter:
                _api.CheckType(parameter.Type, location);
                break;
            case ITypeParameterSymbol typeParameter:
                _findings.Add(location, Rule.Generics, $"type parameter {typeParameter.Name}: nanoFramework 1.x has no generics");
                break;
        }
    }

    private void CheckType(INamedTypeSymbol type, Location location)
    {
        _api.CheckType(type.BaseType, location);
        // Only the interfaces the type itself declares: a BCL base class's own interfaces differ
        // between .NET and nanoFramework and are that class's business.
        foreach (INamedTypeSymbol contract in type.Interfaces.SelectMany(i => i.AllInterfaces.Prepend(i)).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
        {
            _api.CheckType(contract, location);
            if (!_api.IsPortable(contract) && !contract.IsGenericType)
            {
                foreach (ISymbol member in contract.GetMembers())
                {
                    _api.CheckMember(member, location);
                }
            }
        }

        if (type.TypeKind == TypeKind.Class && !type.IsStatic && type.BaseType != null && !_api.IsPortable(type.BaseType))
        {
            CheckImplicitBaseConstructorCalls(type, location);
        }
    }

    /// <summary>A constructor without <c>: base(...)</c> or <c>: this(...)</c>, declared or implicit, calls the base type's parameterless constructor.</summary>
    private void CheckImplicitBaseConstructorCalls(INamedTypeSymbol type, Location location)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            SyntaxNode? declaration = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            if (declaration is ConstructorDeclarationSyntax { Initializer: not null })
            {
                continue;
            }

            IMethodSymbol? baseConstructor = type.BaseType!.InstanceConstructors.FirstOrDefault(c => c.Parameters.IsEmpty);
            _api.CheckMember(baseConstructor, declaration?.GetLocation() ?? location);
        }
    }

    private void CheckMethod(IMethodSymbol method, Location location)
    {
        if (method.IsGenericMethod)
        {
            _findings.Add(location, Rule.Generics, $"generic method {method.Name}: nanoFramework 1.x has no generics");
        }

        _api.CheckType(method.ReturnType, location);
        CheckAttributes(method.GetReturnTypeAttributes(), location);
        CheckOverride(method.OverriddenMethod, location);
        if (method.Parameters.Any(p => p.IsParams))
        {
            _api.RequireSynthesised(location, "a params parameter", "M:System.ParamArrayAttribute.#ctor");
        }

        if (method.IsExtensionMethod)
        {
            _api.RequireSynthesised(location, "an extension method", "M:System.Runtime.CompilerServices.ExtensionAttribute.#ctor");
        }
    }

    private void CheckEvent(IEventSymbol anEvent, Location location)
    {
        _api.CheckType(anEvent.Type, location);
        CheckOverride(anEvent.OverriddenEvent, location);
        bool fieldLike = anEvent.AddMethod is { IsImplicitlyDeclared: true } && !anEvent.IsAbstract;
        if (fieldLike)
        {
            // Without a generic Interlocked.CompareExchange<T> (the board has none) the compiler's
            // add/remove accessors fall back to Delegate.Combine/Remove.
            _api.RequireSynthesised(location, "a field-like event's add accessor", "M:System.Delegate.Combine(System.Delegate,System.Delegate)");
            _api.RequireSynthesised(location, "a field-like event's remove accessor", "M:System.Delegate.Remove(System.Delegate,System.Delegate)");
        }
    }

    /// <summary>An override compiles only if the board's base class has the member it replaces.</summary>
    private void CheckOverride(ISymbol? overridden, Location location)
    {
        while (overridden != null && _api.IsPortable(overridden))
        {
            overridden = overridden switch
            {
                IMethodSymbol m => m.OverriddenMethod,
                IPropertySymbol p => p.OverriddenProperty,
                IEventSymbol e => e.OverriddenEvent,
                _ => null,
            };
        }

        _api.CheckMember(overridden, location);
    }

    private void CheckAttributes(IEnumerable<AttributeData> attributes, Location fallback)
    {
        foreach (AttributeData attribute in attributes)
        {
            Location location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? fallback;
            _api.CheckType(attribute.AttributeClass, location);
            _api.CheckMember(attribute.AttributeConstructor, location);
        }
    }
}
