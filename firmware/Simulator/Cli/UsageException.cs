namespace ShareKey.Simulator.Cli;

/// <summary>The command line is wrong (exit code 1); the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
