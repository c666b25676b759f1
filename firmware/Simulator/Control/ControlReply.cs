namespace ShareKey.Simulator.Control;

/// <summary>
/// One answer on the control channel, one line on the wire: <c>ok TEXT</c>, <c>usage TEXT</c> (the
/// command or its arguments are wrong) or <c>error TEXT</c> (the simulation cannot do it now). TEXT
/// is plain words, or JSON for <c>list</c> and <c>status</c>.
/// </summary>
public sealed record ControlReply(string Kind, string Text)
{
    public const string OkKind = "ok";
    public const string UsageKind = "usage";
    public const string ErrorKind = "error";

    public bool IsOk => Kind == OkKind;

    public static ControlReply Ok(string text) => new(OkKind, text);

    public static ControlReply Usage(string text) => new(UsageKind, text);

    public static ControlReply Error(string text) => new(ErrorKind, text);

    /// <summary>The wire form: the kind, a space, the text with line breaks flattened.</summary>
    public string ToLine() => Kind + " " + Text.ReplaceLineEndings(" ");

    /// <summary>Reads a line the server sent; a line of another shape is an error reply naming it.</summary>
    public static ControlReply Parse(string line)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        string kind = space < 0 ? line : line[..space];
        string text = space < 0 ? string.Empty : line[(space + 1)..];
        return kind is OkKind or UsageKind or ErrorKind ? new ControlReply(kind, text) : Error($"unexpected answer from the simulator: '{line}'");
    }
}
