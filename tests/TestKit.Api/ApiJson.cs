using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Api;
using Xunit;

namespace ShareKey.TestKit.Api;

/// <summary>
/// Reads what the service answers into the feature's DTO (<c>await response.ReadAsync&lt;KeyDto&gt;()</c>),
/// with the JSON options the service writes with, so a test checks values by name and type and a renamed
/// field fails to compile rather than at a GetProperty("…") string; a refusal is read as an <see cref="ApiProblem"/>.
/// Tests that check the wire shape itself (the OpenAPI document, a webhook body, a notification's
/// type-specific data, which no C# type describes) read JsonElement on purpose.
/// </summary>
public static class ApiJson
{
    /// <summary>The body of a successful answer as <typeparamref name="T"/>; any other status fails the test with the body.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.IsSuccessStatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {text}");
        return Parse<T>(text);
    }

    /// <summary>GET <paramref name="path"/>, which must succeed, read as <typeparamref name="T"/>.</summary>
    public static async Task<T> GetAsync<T>(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.ReadAsync<T>();
    }

    /// <summary>POST <paramref name="body"/> (JSON) to <paramref name="path"/>, which must succeed, read as <typeparamref name="T"/>.</summary>
    public static async Task<T> PostAsync<T>(this HttpClient client, string path, object? body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Json.Options);
        return await response.ReadAsync<T>();
    }

    /// <summary>JSON text the service or the CLI wrote, as <typeparamref name="T"/>.</summary>
    public static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json.Options) ?? throw new JsonException($"JSON null where a {typeof(T).Name} was expected");
}
