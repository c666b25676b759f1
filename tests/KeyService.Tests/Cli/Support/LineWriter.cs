using System.Text;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>Captures a running command's output and lets a test wait for a line, so it acts when the command is where it wants it.</summary>
public sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly SemaphoreSlim _written = new(0);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }

        if (value == '\n')
        {
            _written.Release();
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a complete line matching <paramref name="match"/>.</summary>
    public async Task<string> LineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = ToString().Split('\n').SkipLast(1).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await _written.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}; the output was:\n{this}");
            }
        }
    }
}
