using System.Text.Encodings.Web;
using System.Text.Json;
using ShareKey.Protocol.Tests.Support;

namespace ShareKey.Protocol.Tests.Vectors;

/// <summary>Reads and (on request) rewrites docs/protocol-vectors.json.</summary>
public static class VectorFile
{
    public const string RelativePath = "docs/protocol-vectors.json";

    /// <summary>Set to 1 to rewrite the file from the library after a deliberate protocol change.</summary>
    public const string RewriteVariable = "SHAREKEY_REWRITE_VECTORS";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string FullPath => RepoPaths.Of(RelativePath);

    public static List<Vector> Read()
    {
        var file = JsonSerializer.Deserialize<Contents>(File.ReadAllText(FullPath), Options)
            ?? throw new InvalidDataException(RelativePath + " is empty");
        return file.Vectors;
    }

    public static void Write(List<Vector> vectors)
    {
        var contents = new Contents(
            "ShareKey protocol v1 test vectors. Bytes are lower-case hex, numbers decimal. See docs/protocol.md §8.",
            vectors);
        File.WriteAllText(FullPath, JsonSerializer.Serialize(contents, Options) + "\n");
    }

    public static Dictionary<string, string> Values(this List<Vector> vectors, string name) =>
        vectors.Single(v => v.Name == name).Values;

    private sealed record Contents(string About, List<Vector> Vectors);
}
