namespace ShareKey.KeyService.Cli;

/// <summary>
/// A command that cannot go on: its message goes to the error writer as it is and the process
/// exits with <see cref="ExitCode"/>. Thrown instead of returned so helpers deep in a command
/// (resolving a user name, reading the config file) can stop it with the right code.
/// </summary>
public sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliFailure Usage(string message) => new(ExitCodes.Usage, "error: " + message);

    public static CliFailure Runtime(string message) => new(ExitCodes.Runtime, "error: " + message);
}
