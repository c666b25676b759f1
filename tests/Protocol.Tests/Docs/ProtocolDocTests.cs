using System.Reflection;
using System.Text.RegularExpressions;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tests.Vectors;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Docs;

/// <summary>docs/protocol.md against the vectors and the code: its examples, reasons, errors and labels.</summary>
public sealed partial class ProtocolDocTests
{
    private static readonly string Page = File.ReadAllText(RepoPaths.Of("docs/protocol.md"));

    [Fact]
    public void Every_hex_example_equals_its_published_vector()
    {
        var vectors = VectorFile.Read();
        var examples = HexBlock().Matches(Page);
        Assert.NotEmpty(examples);
        foreach (Match example in examples)
        {
            var name = example.Groups["name"].Value;
            var hex = string.Concat(example.Groups["body"].Value
                .Split('\n')
                .Select(line => line.Split('#')[0])
                .Select(part => Regex.Replace(part, @"\s", string.Empty)));
            var values = vectors.Values(name);
            var expected = values.TryGetValue("frame", out var frame) ? frame : values["bytes"];
            Assert.True(expected == hex, "docs/protocol.md example '" + name + "' differs from the vector");
        }
    }

    [Fact]
    public void Every_published_frame_is_shown_on_the_page()
    {
        var shown = HexBlock().Matches(Page).Select(m => m.Groups["name"].Value).ToHashSet();
        foreach (var vector in VectorFile.Read().Where(v => v.Values.ContainsKey("frame")))
        {
            Assert.Contains(vector.Name, shown);
        }
    }

    [Fact]
    public void Every_refusal_reason_is_documented_with_its_code()
    {
        foreach (var reason in Enum.GetValues<RefusalReason>())
        {
            Assert.Contains("| " + (byte)reason + " | `" + Names.Of(reason) + "` |", Page);
        }
    }

    [Fact]
    public void Every_event_kind_is_documented_with_its_code()
    {
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            Assert.Contains("| `" + ((byte)kind).ToString("x2") + "` | `" + Names.Of(kind) + "`", Page);
        }
    }

    [Fact]
    public void Every_protocol_error_is_documented_with_its_code()
    {
        foreach (var error in Enum.GetValues<ProtocolError>())
        {
            Assert.Contains("| " + (byte)error + " | `" + error + "` |", Page);
        }
    }

    [Fact]
    public void Every_label_is_documented()
    {
        var labels = typeof(Labels).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(16, labels.Count);
        foreach (var label in labels)
        {
            Assert.Contains("\"" + label + "\"", Page.Replace("`" + label + "`", "\"" + label + "\""));
        }
    }

    [GeneratedRegex(@"```hex vector:(?<name>[a-z-]+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex HexBlock();
}
