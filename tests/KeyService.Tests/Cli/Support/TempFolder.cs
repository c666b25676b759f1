namespace ShareKey.KeyService.Tests.Cli;

/// <summary>A fresh folder for files a test writes (board configs, CLI config, wallet), removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sharekey-cli-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
