using ShareKey.Firmware.Diagnostics;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>The device log as a list of lines, for tests that check what the logic said.</summary>
public sealed class ListLog : IDeviceLog
{
    public List<string> Lines { get; } = [];

    public void Write(string line) => Lines.Add(line);

    public bool Contains(string fragment) => Lines.Any(line => line.Contains(fragment, StringComparison.Ordinal));
}
