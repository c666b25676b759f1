using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Cli;

/// <summary>
/// Reads typed option and argument values (numbers, times) with our own words for a value that does
/// not fit ("--limit: 'lots' is not a whole number from …"): System.CommandLine's message names the
/// .NET type ("System.Nullable`1[System.DateTimeOffset]"), which means nothing to an operator.
/// </summary>
public static class CliValues
{
    private static readonly MethodInfo ParseMethod = typeof(CliValues).GetMethod(nameof(Parse), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Gives every numeric or time option and argument under <paramref name="command"/> our parser.</summary>
    public static T Attach<T>(T command)
        where T : Command
    {
        foreach (var option in command.Options)
        {
            AttachTo(option, option.Name, option.ValueType);
        }

        foreach (var argument in command.Arguments)
        {
            AttachTo(argument, argument.Name, argument.ValueType);
        }

        foreach (var subcommand in command.Subcommands)
        {
            Attach(subcommand);
        }

        return command;
    }

    private static void AttachTo(Symbol symbol, string name, Type valueType)
    {
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        var parser = symbol.GetType().GetProperty("CustomParser");
        if (!(type.IsPrimitive && type != typeof(bool) && type != typeof(char)) && type != typeof(DateTimeOffset) || parser is null || parser.GetValue(symbol) is not null)
        {
            return;
        }

        parser.SetValue(symbol, ParseMethod.MakeGenericMethod(valueType).CreateDelegate(parser.PropertyType, name));
    }

    private static T? Parse<T>(string name, ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return result.Argument.HasDefaultValue ? (T?)result.Argument.GetDefaultValue() : default;
        }

        var text = result.Tokens[^1].Value;
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return type == typeof(DateTimeOffset)
                ? (T)(object)DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : (T)Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception failure) when (failure is FormatException or OverflowException)
        {
            result.AddError($"{name}: '{UnicodeText.Visible(text, 40)}' is not {FieldShape.Describe(type)}.");
            return default;
        }
    }
}
