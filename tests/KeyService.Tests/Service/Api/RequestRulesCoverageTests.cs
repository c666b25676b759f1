using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>
/// The guard for routes added later: every string a route takes — from its path, its query or its
/// JSON body, nested records included — declares a <see cref="TextRuleAttribute"/>.
/// </summary>
public sealed class RequestRulesCoverageTests
{
    [Fact]
    public async Task Every_string_every_route_takes_has_a_text_rule()
    {
        await using var service = await TestService.StartAsync();
        var endpoints = service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var unruled = new List<string>();
        var bodies = 0;

        foreach (var endpoint in endpoints)
        {
            var route = $"{string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {endpoint.RoutePattern.RawText}";
            // The framework's own routes (the OpenAPI document) take no stored input.
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler || handler.DeclaringType?.Assembly != typeof(RequestJson).Assembly)
            {
                continue;
            }

            foreach (var parameter in handler.GetParameters().Where(p => p.ParameterType == typeof(string) && RequestJson.RuleOf(p) is null))
            {
                unruled.Add($"{route}: parameter {parameter.Name}");
            }

            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } body)
            {
                bodies++;
                unruled.AddRange(UnruledMembers(body, new HashSet<Type>()).Select(member => $"{route}: body {member}"));
            }
        }

        Assert.True(bodies >= 5, $"only {bodies} routes with a JSON body were found; the walk is not seeing the API");
        Assert.True(unruled.Count == 0, "strings without a text rule:\n" + string.Join("\n", unruled));
    }

    private static IEnumerable<string> UnruledMembers(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            yield break;
        }

        var constructorParameters = type.GetConstructors().SelectMany(c => c.GetParameters()).ToList();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameter = constructorParameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            var ruled = RequestJson.RuleOf(property) is not null || (parameter is not null && RequestJson.RuleOf(parameter) is not null);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!ruled && (propertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(propertyType)))
            {
                yield return $"{type.Name}.{property.Name}";
            }
            else if (propertyType.IsClass && propertyType.Namespace?.StartsWith("ShareKey.", StringComparison.Ordinal) == true)
            {
                foreach (var nested in UnruledMembers(propertyType, seen))
                {
                    yield return nested;
                }
            }
        }
    }
}
