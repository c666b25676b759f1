using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// Constructs recognisable from syntax alone. Most of them the semantic checks also catch through
/// the types involved; here they get a precise rule name and the exact spot.
/// </summary>
public sealed class SyntaxRules : CSharpSyntaxWalker
{
    private readonly Findings _findings;

    public SyntaxRules(Findings findings)
        : base(SyntaxWalkerDepth.Token)
    {
        _findings = findings;
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Linq, "LINQ query syntax; write the loop");
        base.VisitQueryExpression(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Tuples, "tuple type; use a small class");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Tuples, "tuple expression or deconstruction; use a small class");
        base.VisitTupleExpression(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Span, "stackalloc; use a byte[] allocated once and reused");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Span, "stackalloc; use a byte[] allocated once and reused");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        _findings.Add(node.Identifier.GetLocation(), Rule.Record, "records need IEquatable<T> and EqualityComparer<T>; write a sealed class");
        base.VisitRecordDeclaration(node);
    }

    public override void VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        if (node.IsKind(SyntaxKind.InitAccessorDeclaration))
        {
            _findings.Add(node.Keyword.GetLocation(), Rule.InitOnlySetter, "init accessor; use a get-only property set by the constructor");
        }

        base.VisitAccessorDeclaration(node);
    }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        _findings.Add(node.GetLocation(), Rule.Async, "await; use a Thread or a Timer");
        base.VisitAwaitExpression(node);
    }

    public override void VisitToken(SyntaxToken token)
    {
        if (token.IsKind(SyntaxKind.AsyncKeyword))
        {
            _findings.Add(token.GetLocation(), Rule.Async, "async method or lambda; use a Thread or a Timer");
        }

        base.VisitToken(token);
    }
}
