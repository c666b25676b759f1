using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// Walks every IOperation of the code (method bodies, initialisers, attribute arguments) and checks
/// the type of every value, every member invoked, referenced or created, every user-defined
/// operator and conversion, and the calls the compiler writes for language constructs
/// (<see cref="SynthesisedCalls"/>).
/// </summary>
public sealed class OperationRules
{
    private readonly SemanticModel _model;
    private readonly ApiRules _api;
    private readonly Findings _findings;
    private readonly SynthesisedCalls _synthesised;

    public OperationRules(SemanticModel model, ApiRules api, Findings findings)
    {
        _model = model;
        _api = api;
        _findings = findings;
        _synthesised = new SynthesisedCalls(model, api);
    }

    public void Check(SyntaxNode root)
    {
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            IOperation? operation = _model.GetOperation(node);
            if (operation is { Parent: null })
            {
                Visit(operation);
            }
        }
    }

    private void Visit(IOperation operation)
    {
        if (operation is INameOfOperation)
        {
            // nameof(...) is a string constant: nothing inside it reaches the board.
            return;
        }

        Location location = operation.Syntax.GetLocation();
        _api.CheckType(operation.Type, location);
        CheckTargets(operation, location);
        _synthesised.Check(operation, location);
        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child);
        }
    }

    private void CheckTargets(IOperation operation, Location location)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                _api.CheckMember(invocation.TargetMethod, location);
                break;
            case IObjectCreationOperation creation:
                _api.CheckMember(creation.Constructor, location);
                break;
            case IMemberReferenceOperation reference:
                _api.CheckMember(reference.Member, location);
                break;
            case IBinaryOperation binary:
                _api.CheckMember(binary.OperatorMethod, location);
                break;
            case IUnaryOperation unary:
                _api.CheckMember(unary.OperatorMethod, location);
                break;
            case IIncrementOrDecrementOperation step:
                _api.CheckMember(step.OperatorMethod, location);
                break;
            case ICompoundAssignmentOperation compound:
                _api.CheckMember(compound.OperatorMethod, location);
                break;
            case IConversionOperation conversion:
                _api.CheckMember(conversion.OperatorMethod, location);
                break;
            case IVariableDeclaratorOperation declarator:
                _api.CheckType(declarator.Symbol.Type, location);
                break;
            case ILocalFunctionOperation function when function.Symbol.IsGenericMethod:
                _findings.Add(location, Rule.Generics, $"generic local function {function.Symbol.Name}: nanoFramework 1.x has no generics");
                break;
            case IAwaitOperation:
                _findings.Add(location, Rule.Async, "await; use a Thread or a Timer");
                break;
            case ITupleOperation or IDeconstructionAssignmentOperation:
                _findings.Add(location, Rule.Tuples, "tuple or deconstruction; use a small class");
                break;
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                _findings.Add(location, Rule.Dynamic, "dynamic dispatch needs the DLR, which the board does not have");
                break;
        }
    }
}
