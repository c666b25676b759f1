using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>
/// What an attacker sends first: huge, hidden-character and unexpected input. Every refusal is a
/// problem naming the field, with a stable code; nothing refused is stored or echoed back whole.
/// </summary>
public sealed class InputRulesTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task A_huge_body_is_refused_with_413_before_anything_is_stored()
    {
        await using var service = await TestService.StartAsync();
        var auditBefore = await AuditCountAsync(service);

        var hugeVin = new string('A', 10 * 1024 * 1024);
        var problem = await AssertProblemAsync(await PostHugeAsync(service.Operator, "/v1/keys", new { type = "owner", vin = hugeVin }), HttpStatusCode.RequestEntityTooLarge, "request-too-large");

        Assert.True(problem.Body.Length < 2000, "the refusal does not echo the body");
        Assert.Equal(auditBefore, await AuditCountAsync(service));
    }

    [Theory]
    [InlineData("/v1/keys", """{"type":"owner","vin":"1M8GDM9AXKP0427881M8GDM9AXKP042788"}""", "vin")]
    [InlineData("/v1/rentals", """{"vin":"1M8GDM9AXKP04278\u0000","endsAt":"2030-01-01T00:00:00Z"}""", "vin")]
    [InlineData("/v1/users", """{"name":"al\u200Bice"}""", "name")]
    [InlineData("/v1/users", """{"name":"\u202Eecila"}""", "name")]
    [InlineData("/v1/users", """{"name":"\u001B[31mred"}""", "name")]
    [InlineData("/v1/users", """{"name":"p\u0430ypal"}""", "name")]
    [InlineData("/v1/users", """{"name":""}""", "name")]
    [InlineData("/v1/users", """{"name":"   "}""", "name")]
    [InlineData("/v1/devices", """{"kind":"tbox","name":"car\u0007"}""", "name")]
    [InlineData("/v1/devices", """{"kind":"toaster","name":"car-1"}""", "kind")]
    [InlineData("/v1/rotations", """{"deviceIds":["00000000000000zz"]}""", "deviceIds[0]")]
    public async Task A_string_that_breaks_its_rule_is_refused_naming_the_field(string path, string body, string field)
    {
        await using var service = await TestService.StartAsync();
        var auditBefore = await AuditCountAsync(service);

        var problem = await AssertProblemAsync(await PostRawAsync(service.Operator, path, body), HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal(field, problem.Field);
        Assert.StartsWith(field + ":", problem.Detail);
        Assert.DoesNotContain('\u001B', problem.Body);
        Assert.Equal(auditBefore, await AuditCountAsync(service));
    }

    [Fact]
    public async Task A_25_MB_token_label_is_refused_and_a_long_one_too()
    {
        await using var service = await TestService.StartAsync();
        var (userId, _) = await service.CreateUserAsync("labelled");

        await AssertProblemAsync(await PostHugeAsync(service.Operator, $"/v1/users/{userId}/tokens", new { name = new string('x', 25 * 1024 * 1024) }), HttpStatusCode.RequestEntityTooLarge, "request-too-large");
        var problem = await AssertProblemAsync(await service.Operator.PostAsJsonAsync($"/v1/users/{userId}/tokens", new { name = new string('x', 65) }), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("name", problem.Field);
        Assert.Contains("64", problem.Detail);
    }

    [Fact]
    public async Task Names_are_normalised_before_they_are_stored_and_compared()
    {
        await using var service = await TestService.StartAsync();

        // Full-width letters fold to ASCII (NFKC); a combining accent joins its letter (one code point).
        var created = await TestService.PostAsync<UserApi.CreatedUser>(service.Operator, "/v1/users", new { name = "\uFF21lice Re\u0301my" });
        Assert.Equal("Alice R\u00e9my", created.User.Name);

        // The same name written the other way is the same name.
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/users", new { name = "Alice R\u00e9my" }), HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Unknown_fields_are_refused_and_issue_nothing()
    {
        await using var service = await TestService.StartAsync();
        var (_, alice) = await service.CreateUserAsync("alice");

        var problem = await AssertProblemAsync(await PostRawAsync(alice, "/v1/keys", """{"type":"owner","vin":"1M8GDM9AXKP042788","user":"alice"}"""), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("user", problem.Field);
        Assert.Empty(await TestService.KeysAsync(service.Operator));

        var duplicate = await AssertProblemAsync(await PostRawAsync(service.Operator, "/v1/users", """{"name":"bob","name":"operator"}"""), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("name", duplicate.Field);
    }

    [Theory]
    [InlineData("/v1/users", "{not json", "body")]
    [InlineData("/v1/users", "", "body")]
    [InlineData("/v1/users", "null", "body")]
    [InlineData("/v1/users", "[1,2]", "body")]
    [InlineData("/v1/users", "{}", "name")]
    [InlineData("/v1/users", """{"name":null}""", "name")]
    [InlineData("/v1/users", """{"name":42}""", "name")]
    [InlineData("/v1/users", """{"name":"carol","role":"god"}""", "role")]
    [InlineData("/v1/keys", """{"type":"owner","vin":"1M8GDM9AXKP042788","maxUses":"many"}""", "maxUses")]
    [InlineData("/v1/keys", """{"type":"owner","vin":"1M8GDM9AXKP042788","maxUses":70000}""", "maxUses")]
    [InlineData("/v1/rentals", """{"vin":"1M8GDM9AXKP042788","endsAt":"tomorrow"}""", "endsAt")]
    [InlineData("/v1/rotations", """{"deviceIds":"all"}""", "deviceIds")]
    public async Task Malformed_bodies_get_a_problem_naming_the_field_never_a_framework_message(string path, string body, string field)
    {
        await using var service = await TestService.StartAsync();

        var problem = await AssertProblemAsync(await PostRawAsync(service.Operator, path, body), HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal(field, problem.Field);
        AssertNoFrameworkWords(problem);
    }

    [Theory]
    [InlineData("/v1/audit?limit=lots", "limit")]
    [InlineData("/v1/audit?since=yesterday", "since")]
    [InlineData("/v1/devices/0000000000000001/events?limit=-x", "limit")]
    [InlineData("/v1/vehicles/NOT-A-VIN", "vin")]
    [InlineData("/v1/vehicles/1M8GDM9AXKP042789", "vin")]
    public async Task Bad_query_and_path_values_get_a_problem_naming_the_parameter(string path, string field)
    {
        await using var service = await TestService.StartAsync();

        var problem = await AssertProblemAsync(await service.Operator.GetAsync(path), HttpStatusCode.BadRequest, "invalid-request");

        Assert.Equal(field, problem.Field);
        AssertNoFrameworkWords(problem);
    }

    [Fact]
    public async Task Every_4xx_carries_a_stable_code_unknown_routes_included()
    {
        await using var service = await TestService.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(service.Url) };

        await AssertProblemAsync(await service.Operator.GetAsync("/v1/no-such-thing"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await anonymous.GetAsync("/nowhere"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await service.Operator.DeleteAsync("/v1/users"), HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        await AssertProblemAsync(await service.Operator.PostAsync("/v1/users", new StringContent("name=bob", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await AssertProblemAsync(await service.Operator.PostAsync("/v1/rentals/notanumber/return", null), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Duplicate_device_names_are_refused(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await service.ProvisionAsync("car-17");

        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/devices", new { kind = "parking-lock", name = "car-17" }), HttpStatusCode.Conflict, "conflict");
        Assert.Single((await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices")).Items);
    }

    private static void AssertNoFrameworkWords(ApiProblem problem)
    {
        var text = problem.Body;
        foreach (var word in new[] { "System.", "Int32", "Nullable", "Implicit body", "ShareKey.", "could not be mapped", "LineNumber", "Failed to bind" })
        {
            Assert.DoesNotContain(word, text);
        }
    }

    /// <summary>
    /// Sends a body with its length announced and waits for "100 Continue" first, as curl does for
    /// large bodies: the service refuses on the announced length, before a byte of the body is read.
    /// </summary>
    private static Task<HttpResponseMessage> PostHugeAsync(HttpClient client, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<int> AuditCountAsync(TestService service) =>
        (await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?limit=10000")).Length;
}
