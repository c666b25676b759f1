namespace ShareKey.Phone.Commands;

/// <summary>Why a phone command could not do its job, worded for the user; <see cref="IsUsage"/> when the user asked for something impossible, else the world failed.</summary>
public sealed class PhoneFailure(string message, bool isUsage) : Exception(message)
{
    public bool IsUsage { get; } = isUsage;

    public static PhoneFailure Usage(string message) => new(message, true);

    public static PhoneFailure Runtime(string message) => new(message, false);
}
