using System.Globalization;
using System.Text.Json;
using ShareKey.KeyService.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ShareKey.KeyService.Cli;

/// <summary>How the CLI renders values: the API's own names for enums, UTC times, escaped user text.</summary>
public static class Show
{
    public const string None = "-";

    /// <summary>An enum as the API spells it in JSON ("parking-lock", "gave-up").</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, Json.Options).Trim('"');

    /// <summary>Every value of an enum as the API spells it, for option choices.</summary>
    public static string[] Names<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(Name).ToArray();

    /// <summary>The enum value named <paramref name="name"/> as in <see cref="Names{T}"/>.</summary>
    public static T Parse<T>(string name)
        where T : struct, Enum => Enum.GetValues<T>().First(value => Name(value) == name);

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : None;

    /// <summary>Stored text as markup: Spectre markup escaped, and control or invisible characters shown as \u{1B} (never sent raw to a terminal).</summary>
    public static string Text(string? text) => string.IsNullOrEmpty(text) ? None : Markup.Escape(UnicodeText.Visible(text));

    /// <summary>Stored text for a plain writer: control and invisible characters shown as \u{1B}.</summary>
    public static string Plain(string? text) => string.IsNullOrEmpty(text) ? None : UnicodeText.Visible(text);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Under a page of a list, the flag and value that ask for the next page; nothing on the last page.</summary>
    public static void NextPage(IAnsiConsole console, string flag, string? next)
    {
        if (next is not null)
        {
            console.MarkupLine($"[grey]More: {flag} {Text(next)}[/]");
        }
    }

    /// <summary>A state coloured by what it asks of an operator: green fine, yellow in progress, red needs a look.</summary>
    public static string State<T>(T state)
        where T : struct, Enum
    {
        var name = Name(state);
        var colour = name switch
        {
            "active" or "confirmed" or "acked" => "green",
            "sending" or "pending" or "frozen" => "yellow",
            "revoked" or "gave-up" or "failed" or "abandoned" or "decommissioned" => "red",
            _ => "default",
        };
        return $"[{colour}]{name}[/]";
    }

    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn($"[bold]{header}[/]"));
        }

        return table;
    }

    /// <summary>Label/value lines for one record; values are markup (escape user text with <see cref="Text"/>).</summary>
    public static IRenderable Fields(params (string Label, string Value)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow($"[grey]{label}[/]", value);
        }

        return grid;
    }
}
