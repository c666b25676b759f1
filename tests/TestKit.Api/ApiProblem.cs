using System.Net;
using System.Text.Json.Serialization;
using ShareKey.KeyService.Parking.Reservations;
using Xunit;

namespace ShareKey.TestKit.Api;

/// <summary>
/// An RFC 9457 problem as the service writes it (ProblemResults): the standard members, the stable
/// <see cref="Code"/>, the refused <see cref="Field"/> when one was, and <see cref="Taken"/>, the
/// window that holds a space when a reservation is refused with space-taken. <see cref="Body"/> keeps the
/// text as sent, for tests about what a refusal must not carry (an echoed body, a control character).
/// </summary>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string Code, string? Field, PlannedWindow? Taken, string? TraceId)
{
    [JsonIgnore]
    public string Body { get; init; } = "";

    /// <summary>
    /// Asserts <paramref name="response"/> is a problem+json answer with <paramref name="status"/>, the wire
    /// code <paramref name="code"/> (as clients match it, e.g. "device-not-found") and a detail; returns it read.
    /// </summary>
    public static async Task<ApiProblem> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = ApiJson.Parse<ApiProblem>(body) with { Body = body };
        Assert.Equal(code, problem.Code);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
        return problem;
    }
}
