namespace ShareKey.KeyService.Cli;

/// <summary>One server-sent event: its id, event name and data (lines joined by newlines).</summary>
public sealed record ServerSentEvent(string? Id, string Event, string Data);

/// <summary>Reads server-sent events (the text/event-stream format) from a stream; comments and retry hints are skipped.</summary>
public static class ServerSentEvents
{
    /// <summary>Each event as it completes; ends when the stream does.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? id = null;
        var name = "message";
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new ServerSentEvent(id, name, string.Join('\n', data));
                }

                name = "message";
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
            }
        }
    }
}
