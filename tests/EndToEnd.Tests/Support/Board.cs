using ShareKey.Firmware.Configuration;
using ShareKey.Simulator.Flash;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>A provisioned T-BOX: its id, the board file `sharekey device provision` wrote (where, and as the firmware
/// parsed it), and its flash, which outlives every power cycle.</summary>
public sealed record Board(string Id, string Name, BoardConfig Config, BoardFlash Flash, string ConfigPath);
