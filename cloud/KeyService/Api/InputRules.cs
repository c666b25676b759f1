using System.Reflection;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// The endpoint filter that applies the declared rules to what JSON reading does not see: route and
/// query strings that carry a <see cref="TextRuleAttribute"/> (<c>([Vin] string vin, …)</c>) are
/// checked and replaced by their normal form, and a body missing a field its record declares
/// non-nullable is refused naming that field.
/// </summary>
public static class InputRules
{
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var checks = new List<Action<EndpointFilterInvocationContext>>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var index = i;
            var parameter = parameters[i];
            if (RequestJson.RuleOf(parameter) is { } rule && parameter.ParameterType == typeof(string))
            {
                checks.Add(call => CheckText(call, index, parameter.Name!, rule));
            }
            else if (IsBody(parameter.ParameterType, services))
            {
                var required = RequiredMembers(parameter.ParameterType);
                checks.Add(call => CheckRequired(call.Arguments[index], required));
            }
        }

        return checks.Count == 0 ? next : call =>
        {
            foreach (var check in checks)
            {
                check(call);
            }

            return next(call);
        };
    }

    private static void CheckText(EndpointFilterInvocationContext call, int index, string name, TextRuleAttribute rule)
    {
        if (call.Arguments[index] is string text)
        {
            call.Arguments[index] = rule.Apply(text, name);
        }
    }

    private static void CheckRequired(object? body, IReadOnlyList<(PropertyInfo Property, string Name)> required)
    {
        foreach (var (property, name) in required)
        {
            if (body is not null && property.GetValue(body) is null)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"{name}: is required.", name);
            }
        }
    }

    /// <summary>A record the framework reads from the body: ours, not a service, not the context.</summary>
    private static bool IsBody(Type type, IServiceProviderIsService? services) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("ShareKey.", StringComparison.Ordinal) == true
        && services?.IsService(type) != true;

    private static List<(PropertyInfo, string)> RequiredMembers(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull)
            .Select(p => (p, Json.Options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name))
            .ToList();
    }
}
