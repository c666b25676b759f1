namespace ShareKey.Portability.Tests.Gate;

/// <summary>One C# file handed to the gate; <see cref="Path"/> is what violations report (repo-relative for real files).</summary>
public sealed record SourceFile(string Path, string Text);
