using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// Turns a request the framework could not bind into a problem that names the field and says what
/// it must hold, in our words: the framework's own messages quote .NET types ("Implicit body
/// inferred…", "Failed to bind parameter \"int? limit\"") and are never passed on.
/// </summary>
public static class RequestProblems
{
    public static ProblemHttpResult Of(BadHttpRequestException bad, HttpContext http)
    {
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return TooLarge();
            case StatusCodes.Status415UnsupportedMediaType:
                return ProblemResults.For(ErrorCode.UnsupportedMediaType, "Send the body as JSON, with Content-Type: application/json.");
        }

        // The exception handler runs with the endpoint and route values cleared; the feature keeps them.
        var failed = http.Features.Get<IExceptionHandlerFeature>();
        var endpoint = failed?.Endpoint;
        if (Find<JsonException>(bad) is { } json)
        {
            return OfJson(json, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
        }

        if (endpoint?.Metadata.GetMetadata<MethodInfo>() is { } handler && UnboundParameter(handler, failed?.RouteValues, http.Request.Query) is { } problem)
        {
            return problem;
        }

        return Refused("body", "a JSON object is required");
    }

    public static readonly string TooLargeDetail = $"The request body is larger than {ApiInput.MaxBodyBytes / 1024} KiB; no request needs that much.";

    public static ProblemHttpResult TooLarge() => ProblemResults.For(ErrorCode.RequestTooLarge, TooLargeDetail);

    private static ProblemHttpResult OfJson(JsonException json, Type? bodyType)
    {
        var segments = FieldShape.Segments(json.Path ?? "$");
        if (segments.Count == 0)
        {
            var where = json.LineNumber is { } line ? $" (at line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty;
            return Refused("body", $"must be a JSON object with this request's fields{where}");
        }

        var field = UnicodeText.Visible(FieldShape.Name(segments), 64);
        if (json is FieldRefusedException refused)
        {
            return Refused(field + refused.Within, refused.Reason);
        }

        var type = bodyType is null ? null : FieldShape.TypeAt(bodyType, segments);
        return type is null
            ? Refused(field, "is not a field of this request")
            : Refused(field, $"must be {FieldShape.Describe(type)}, given once");
    }

    /// <summary>The first route or query parameter whose text does not parse as the handler's parameter needs it.</summary>
    private static ProblemHttpResult? UnboundParameter(MethodInfo handler, RouteValueDictionary? route, IQueryCollection query)
    {
        foreach (var parameter in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (parameter.Name is not { } name || !IsSimple(type))
            {
                continue;
            }

            var text = route is not null && route.TryGetValue(name, out var routed) ? routed?.ToString() : query[name].FirstOrDefault();
            if (text is null)
            {
                if (Nullable.GetUnderlyingType(parameter.ParameterType) is null && !parameter.HasDefaultValue && type != typeof(string))
                {
                    return Refused(name, $"is required: {FieldShape.Describe(type)}");
                }

                continue;
            }

            if (!Parses(type, text))
            {
                return Refused(name, $"must be {FieldShape.Describe(type)}");
            }
        }

        return null;
    }

    private static bool IsSimple(Type type) => type.IsPrimitive || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static bool Parses(Type type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        return type == typeof(string)
            || (type == typeof(DateTimeOffset) && DateTimeOffset.TryParse(text, invariant, DateTimeStyles.None, out _))
            || (type == typeof(DateTime) && DateTime.TryParse(text, invariant, DateTimeStyles.None, out _))
            || (type == typeof(Guid) && Guid.TryParse(text, out _))
            || (type == typeof(bool) && bool.TryParse(text, out _))
            || (type.IsPrimitive && type != typeof(bool) && TryConvert(type, text));
    }

    private static bool TryConvert(Type type, string text)
    {
        try
        {
            _ = Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception failure) when (failure is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static ProblemHttpResult Refused(string field, string reason) => ProblemResults.For(ErrorCode.InvalidRequest, $"{field}: {reason}.", field);

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
