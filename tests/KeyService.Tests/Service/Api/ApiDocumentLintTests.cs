using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>
/// The API document the real service serves passes `redocly lint` (Redocly's recommended rules)
/// with no error. scripts/redocly-lint.sh installs the pinned @redocly/cli with npm when it is
/// missing; a tool that cannot be had fails this test, it never skips.
/// </summary>
public sealed class ApiDocumentLintTests
{
    private static readonly string RepoRoot = typeof(ApiDocumentLintTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Fact]
    public async Task The_served_api_document_passes_redocly_lint_without_errors()
    {
        await using var service = await TestService.StartAsync();
        var document = await service.Operator.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(service.Options.DataDirectory, "openapi-v1.json");
        await File.WriteAllTextAsync(file, document);

        var (exit, output) = await RunAsync("bash", Path.Combine(RepoRoot, "scripts", "redocly-lint.sh"), file);

        Assert.True(exit == 0, $"redocly lint failed ({exit}):\n{output}");
        Assert.Contains("Your API description is valid", output);
        Assert.DoesNotMatch(@"(?m)^error\s", output);
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_problem_answers_and_every_v1_one_needs_the_bearer_token()
    {
        await using var service = await TestService.StartAsync();
        using var document = JsonDocument.Parse(await service.Operator.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        var ids = new HashSet<string>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(ids.Add(operation.Value.GetProperty("operationId").GetString()!), $"{where}: operationId repeated");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{where}: no summary");
                if (path.Name.StartsWith("/v1/", StringComparison.Ordinal))
                {
                    Assert.True(operation.Value.GetProperty("security")[0].TryGetProperty("bearer", out _), $"{where}: no bearer requirement");
                    var unauthenticated = operation.Value.GetProperty("responses").GetProperty("401").GetProperty("content");
                    Assert.True(unauthenticated.TryGetProperty("application/problem+json", out _), $"{where}: 401 is not problem details");
                }
            }
        }

        Assert.True(ids.Count > 30, $"only {ids.Count} operations in the document");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
