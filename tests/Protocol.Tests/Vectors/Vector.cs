namespace ShareKey.Protocol.Tests.Vectors;

/// <summary>
/// One published test vector: a name, what it shows, and named values (hex for bytes, decimal
/// for numbers). Conventions every test relies on: "frame" is a complete frame; "macInput" +
/// "key" + "mac" (16 bytes) or "secret" (32 bytes) is an HMAC-SHA256 anyone can recompute.
/// </summary>
public sealed record Vector(string Name, string Description, Dictionary<string, string> Values);
